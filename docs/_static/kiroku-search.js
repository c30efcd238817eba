// Kiroku's search page (issues 13, 26, 27): Pagefind's JS API over the bundles the build writes to
// pagefind/<shard>/, listed in pagefind/shards.json (kiroku/searchindex.py; docs/about/search.md).
//
// Loaded as a module from search.html; the page passes its URLs in data- attributes (the
// Content-Security-Policy allows no unhashed inline script). Nothing here comes from another host.
//
// Bundles: the manifest lists each shard's bundle, newest shard first, with its live blogs (the `blog`
// filter values), days and time span. The first bundle a search needs is Pagefind's primary instance;
// the others join it with mergeIndex() only when a search reaches them, each with a synthetic filter
// `kiroku_bundle` so that a search can ask one bundle at a time. A filter by live blog or day needs
// only the shards that hold it. Other archives (`_static/kiroku-search-config.json` = {"merge":
// ["../other/pagefind/", …]}, from conf.py `kiroku_search_merge`) are read the same way: their
// shards.json, or, for an archive indexed before shards, the folder itself as one bundle.
//
// Order (Kiroku's own rule; Pagefind's scores are not comparable across bundles, Pagefind #796):
// by relevance, the bundles in order (newest shard first, other archives after) and Pagefind's order
// inside each; by time (sort=newest|oldest, or filters alone: newest first), every entry's time from
// its bundle's kiroku-time.gz, and a result is shown only once no bundle not yet searched can hold an
// earlier one (the manifest's time spans). The same entries in one bundle or several: the same
// results, counts, filters and time order.
//
// Exact, not loosened: Pagefind loosens a query that has no exact match (NOTES §8), so its results
// are only CANDIDATES. A candidate is a match when its text (folded as below) contains every query
// word, a "quoted phrase" as one string with its spaces. The text is the bundle's kiroku-text/<n>.gz
// (the entries' folded text and mentioned names, bucketed by page id: a check fetches the buckets of
// its candidates, not a fragment each); a bundle without it (an older archive) is checked on
// Pagefind's fragments. Fragments are fetched only for the results shown.
//
// Counts: a search checks candidates until the first page is full and shows it, then goes on
// checking in the background (searching the other bundles too) up to COUNT_BUDGET candidates. The
// status says 「N件見つかりました」 once every candidate of every bundle it needs is checked, and
// 「N件以上見つかりました」 only while some are not (N = the matches found so far, shown or not).
// A search by filters alone needs no check: every result is a match, and its count is exact at once.
// The status element carries the count said (data-count), whether it is exact (data-complete) and the
// candidates found so far (data-candidates).

const PAGE_SIZE = 10; // results shown at first and per 「さらに表示」
const BATCH = 16; // candidates checked at once for the first page (their text buckets, or fragments, fetched together)
const COUNT_BATCH = 256; // candidates checked at once in the background, for the count (text buckets only)
// A bundle whose candidates need more text buckets than this is checked on its whole text (kiroku-text/all.gz:
// one request instead of many; the buckets' total size, fetched only in the background).
const WHOLE_AT = 24;
const COUNT_BUDGET = 3000; // candidates checked for the count without the reader asking
const FRAGMENT_BUDGET = 30; // candidates of a bundle without text buckets checked per fill (a fragment each)
const BUNDLE_FILTER = "kiroku_bundle"; // the synthetic filter naming each bundle (mergeIndex's mergeFilter)
const NEAR_MAX = 5; // near results (candidates that failed the check), shown only when nothing matched
const FILTERS = ["blog", "day", "person", "place", "organization"];
const TERM_FILTERS = ["person", "place", "organization"]; // register names (dotted forms, see below)

/** The query normalization: NFKC, then lower case, the same rule as kiroku.searchnorm (Python).
 * The build's _static/kiroku-searchnorm.js defines window.kirokuNormalize with that rule; when
 * search.html loads it (a classic <script> before this module) it is used, else this local copy. */
export function normalize(text) {
  if (typeof globalThis.kirokuNormalize === "function") return globalThis.kirokuNormalize(text);
  return text.normalize("NFKC").toLowerCase();
}

const graphemes = new Intl.Segmenter("ja", { granularity: "grapheme" });

/** `text` folded for the exactness check, with where each folded unit came from.
 * Folding: normalize() per grapheme (so half-width ﾌﾟ composes), the middle dot ・ dropped (a name
 * matches with and without it), runs of white space as one space. */
function fold(text) {
  let s = "";
  const starts = [];
  const ends = [];
  for (const { segment, index } of graphemes.segment(text)) {
    let n = normalize(segment).replace(/・/g, "");
    if (n && !n.trim()) {
      if (s === "" || s.endsWith(" ")) continue;
      n = " ";
    }
    for (let k = 0; k < n.length; k++) {
      starts.push(index);
      ends.push(index + segment.length);
    }
    s += n;
  }
  return { s, starts, ends };
}

/** The query's words: quoted phrases kept whole (spaces included), other words split on spaces. */
export function parseQuery(query) {
  const text = normalize(query).replace(/[“”]/g, '"');
  const words = [];
  for (const m of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const w = fold((m[1] ?? m[2]).trim()).s.trim();
    if (w) words.push(w);
  }
  return words;
}

/** Where each word occurs in `folded` (folded content), or null if some word does not. */
function hits(folded, words) {
  const found = [];
  for (const w of words) {
    let at = folded.s.indexOf(w);
    if (at < 0) return null;
    while (at >= 0) {
      found.push([folded.starts[at], folded.ends[at + w.length - 1]]);
      at = folded.s.indexOf(w, at + w.length);
    }
  }
  return found.sort((a, b) => a[0] - b[0]);
}

/** The query for Pagefind: the words without quotes. A name typed without its middle dot
 * (ハルカミナト) is one word to the segmenter and finds nothing; the register names among the
 * filter values give its dotted form (ハルカ・ミナト), which Pagefind does find. */
function pagefindQuery(query, dotted) {
  let q = normalize(query).replace(/[“”"]/g, " ").replace(/\s+/g, " ").trim();
  // A query that is exactly a register term's English name: searched with the Japanese word the entries'
  // text uses (kiroku.sphinxext.search.english_names), checked on the English words as typed.
  if (english.has(q)) return english.get(q);
  for (const [bare, name] of dotted) {
    if (q.includes(bare)) q = q.split(bare).join(name);
  }
  return q;
}

// ---------------------------------------------------------------------------------------------
// The page's parts, bound once the document is parsed (this module may run before: search.html
// loads it early, so that Pagefind starts while the theme's own assets are still loading).
let box, form, input, options, sortSelect, status, list, more, nearBox, nearList, selects;

function bind() {
  box = document.getElementById("kiroku-search");
  form = document.getElementById("kiroku-search-form");
  input = document.getElementById("kiroku-q");
  options = document.getElementById("kiroku-options");
  sortSelect = document.getElementById("kiroku-sort");
  status = document.getElementById("kiroku-search-status");
  list = document.getElementById("kiroku-results");
  more = document.getElementById("kiroku-more");
  nearBox = document.getElementById("kiroku-near");
  nearList = document.getElementById("kiroku-near-results");
  selects = Object.fromEntries(FILTERS.map((f) => [f, document.getElementById(`kiroku-f-${f}`)]));
}

/** Resolves once the search page's own markup is parsed: when its last part is in the document, or
 * the whole page is parsed, whichever comes first. The theme's scripts at the end of the body (and
 * the download they wait for) then do not hold the results back: the browser shows what is parsed. */
function parsed() {
  const ours = () => document.getElementById("kiroku-near-results") !== null; // the page's last part
  if (document.readyState !== "loading" || ours()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      resolve();
    };
    const observer = new MutationObserver(() => {
      if (ours()) done();
    });
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener("readystatechange", done, { once: true });
  });
}

/** The first search of the page's URL, started as soon as Pagefind is ready and before the markup is
 * parsed: its first bundle's index chunks are then in Pagefind's cache when run() asks. */
async function prefetch(loading) {
  await loading;
  const state = stateFromURL();
  const words = parseQuery(state.q);
  if (!words.length) return;
  const [first] = neededBundles(filtersOf(state), 0);
  if (first) await searchBundle(first, pagefindQuery(state.q, dotted), filtersOf(state));
}

// This module is _static/kiroku-search.js: the site root is the folder above it.
const siteRoot = new URL("../", import.meta.url);
let pagefind = null;
let bundles = []; // every bundle, in Kiroku's order: {key, url, shard (the manifest's entry, or null)}
let primary = null; // the bundle Pagefind was loaded from
const merged = new Map(); // bundle key -> Promise of its mergeIndex()
let dotted = []; // [bare, dotted] register names: the config's, then any from merged archives' filters
let english = new Map(); // English name -> the Japanese word searched for it (the config's)
let generation = 0; // a newer search makes an older one stop

function filtersOf(state) {
  const filters = {};
  for (const f of FILTERS) if (state[f]) filters[f] = state[f];
  return filters;
}

/** `folder/shards.json` → its bundles (URLs resolved against the archive's root), or null without one. */
async function readManifest(folder, prefix) {
  try {
    const response = await fetch(new URL("shards.json", folder));
    if (!response.ok) return null;
    const manifest = await response.json();
    const root = new URL("../", folder);
    // Which shards hold each live blog and day: a file of its own, fetched only by a filtered search.
    const archive = { filters: typeof manifest.filters === "string" ? new URL(manifest.filters, folder) : null,
      where: null };
    return (manifest.shards || []).filter((s) => typeof s.bundle === "string").map((shard) => ({
      key: `${prefix}${shard.id}`, url: new URL(shard.bundle, root), shard, archive,
      newest: Date.parse(shard.newest) / 1000, oldest: Date.parse(shard.oldest) / 1000,
    }));
  } catch {
    return null;
  }
}

/** Every bundle: this archive's shards (newest first, as the manifest lists them), then each merged
 * archive's; an archive with no manifest is one bundle with no known span (its own folder). */
async function readBundles(config) {
  const own = (await readManifest(new URL("pagefind/", siteRoot), "")) || [];
  const others = await Promise.all(config.merge.map(async (url, n) => {
    const folder = new URL(url, siteRoot);
    return (await readManifest(folder, `m${n}:`)) || [{ key: `m${n}:`, url: folder, shard: null,
      newest: Infinity, oldest: -Infinity }];
  }));
  for (const b of [...own, ...others.flat()]) {
    if (!Number.isFinite(b.newest)) b.newest = Infinity; // an unknown span: could hold anything
    if (!Number.isFinite(b.oldest)) b.oldest = -Infinity;
  }
  return [...own, ...others.flat()];
}

let shardFiltersLoaded = null;

/** Each archive's shard-filters.json (value -> shard id -> entries), fetched once, when a search filters
 * by live blog or day (or the options are filled). An archive whose file cannot be read: every shard of
 * it may hold anything. */
function loadShardFilters() {
  shardFiltersLoaded ??= Promise.all([...new Set(bundles.map((b) => b.archive).filter((a) => a?.filters))]
    .map(async (archive) => {
      try {
        const response = await fetch(archive.filters);
        if (response.ok) archive.where = await response.json();
      } catch {
        // unreadable: this archive's shards are all searched
      }
    }));
  return shardFiltersLoaded;
}

/** Whether `bundle` can hold entries with the `blog` or `day` value `value` (unknown: it can). */
function holds(bundle, name, value) {
  const where = bundle.shard && bundle.archive?.where;
  return !where || Object.hasOwn(where[name]?.[value] || {}, bundle.shard.id);
}

/** The bundles that can hold a match for `filters` (shard-filters.json names the shards of each live
 * blog and day: loadShardFilters() first), in the order a search reads them: Kiroku's order by relevance
 * (0), by the newest entry they can hold (-1), by the oldest (1). */
function neededBundles(filters, order) {
  const can = bundles.filter((b) => (!filters.blog || holds(b, "blog", filters.blog))
    && (!filters.day || holds(b, "day", filters.day)));
  if (order < 0) return [...can].sort((a, b) => b.newest - a.newest);
  if (order > 0) return [...can].sort((a, b) => a.oldest - b.oldest);
  return can;
}

function pathOf(url) {
  return url.origin === location.origin ? url.pathname : url.href;
}

/** Pagefind, loaded from `first` (the first bundle the page's search needs). */
async function load() {
  const config = await readConfig();
  dotted = config.names;
  english = new Map(config.english);
  bundles = await readBundles(config);
  if (!bundles.length) throw new Error("no search bundle (pagefind/shards.json)");
  const state = stateFromURL();
  if (state.blog || state.day) await loadShardFilters();
  primary = neededBundles(filtersOf(state), timeOrder(state, parseQuery(state.q)))[0] || bundles[0];
  pagefind = await import(new URL("pagefind.js", primary.url).href);
  // No worker: its script (43 KB) and start-up cost more than one search saves by running off the
  // main thread.
  await pagefind.options({ noWorker: true, mergeFilter: { [BUNDLE_FILTER]: primary.key } });
  await pagefind.init();
  merged.set(primary.key, Promise.resolve());
}

/** `bundle` joined to Pagefind (mergeIndex, once). Bundles join side by side: Pagefind adds each
 * instance at once and loads it in parallel (every search runs on every instance, and waits for those
 * still loading). */
function join(bundle) {
  if (!merged.has(bundle.key)) {
    merged.set(bundle.key, pagefind.mergeIndex(pathOf(bundle.url), { mergeFilter: { [BUNDLE_FILTER]: bundle.key } }));
  }
  return merged.get(bundle.key);
}

const searches = new Map();

/** Pagefind's results from one bundle (the synthetic filter keeps the others' out), kept per query. */
function searchBundle(bundle, query, filters) {
  const key = JSON.stringify([bundle.key, query, filters]);
  if (!searches.has(key)) {
    searches.set(key, join(bundle)
      .then(() => pagefind.search(query, { filters: { ...filters, [BUNDLE_FILTER]: bundle.key } }))
      .then((response) => response.results)
      .catch((err) => {
        searches.delete(key);
        throw err;
      }));
  }
  return searches.get(key);
}

function stateFromURL() {
  const params = new URLSearchParams(location.search);
  const state = { q: params.get("q") || "", sort: params.get("sort") || "" };
  for (const f of FILTERS) state[f] = params.get(f) || "";
  return state;
}

function showState(state) {
  input.value = state.q;
  sortSelect.value = ["newest", "oldest"].includes(state.sort) ? state.sort : "";
  for (const f of FILTERS) {
    const sel = selects[f];
    if (state[f] && ![...sel.options].some((o) => o.value === state[f])) {
      // A value not listed: no entry has it (0) once the select's values are known, else not loaded yet.
      sel.append(new Option(listed.has(f) ? `${state[f]}（0）` : state[f], state[f]));
    }
    sel.value = state[f];
  }
}

function stateFromForm() {
  const state = { q: input.value.trim(), sort: sortSelect.value };
  for (const f of FILTERS) state[f] = selects[f].value;
  return state;
}

function urlFor(state) {
  const params = new URLSearchParams();
  for (const key of ["q", ...FILTERS, "sort"]) if (state[key]) params.set(key, state[key]);
  const qs = params.toString();
  return location.pathname + (qs ? `?${qs}` : "");
}

function say(text, { count = "", complete = "" } = {}) {
  status.textContent = text;
  status.dataset.count = count;
  status.dataset.complete = complete;
}

let filtersLoaded = null;
const listed = new Set(); // the filters whose select lists every value

/** Every filter's values, loaded once, when the reader opens the options or moves into them (not when
 * the URL sets a filter: a search by live blog or day fetches only its shards' files). They join every
 * bundle to Pagefind and fetch its filter data: at 10,000 entries the largest part of the index a first
 * search would otherwise fetch. */
function loadFilters() {
  filtersLoaded ??= Promise.all(bundles.map(join)).then(() => pagefind.filters())
    .then((values) => fillFilters(values, FILTERS));
  return filtersLoaded;
}

/** The blog and day values with their counts from shard-filters.json, when it is loaded for every
 * archive (a search by live blog or day loads it; nothing else is fetched for them). */
function manifestFilters() {
  if (!bundles.every((b) => b.archive?.where)) return;
  const values = { blog: {}, day: {} };
  for (const archive of new Set(bundles.map((b) => b.archive))) {
    for (const f of ["blog", "day"]) {
      for (const [value, where] of Object.entries(archive.where[f] || {})) {
        values[f][value] = (values[f][value] || 0) + Object.values(where).reduce((a, n) => a + n, 0);
      }
    }
  }
  fillFilters(values, ["blog", "day"]);
}

/** The selects of `fields`, from `values` (Pagefind's filter values, or the manifests'), keeping the
 * chosen value; dotted register names for the query. */
function fillFilters(values, fields) {
  for (const f of fields) {
    const sel = selects[f];
    const entries = Object.entries(values[f] || {}).sort((a, b) =>
      f === "day" ? b[0].localeCompare(a[0]) : a[0].localeCompare(b[0], "ja"));
    const chosen = sel.value;
    const all = sel.options[0];
    sel.replaceChildren(all, ...entries.map(([value, count]) => new Option(`${value}（${count}）`, value)));
    if (chosen && !Object.hasOwn(values[f] || {}, chosen)) sel.append(new Option(`${chosen}（0）`, chosen));
    sel.value = chosen;
    listed.add(f);
  }
  // Names of merged archives' registers too (this archive's come from the config).
  const known = new Set(dotted.map((pair) => pair[0]));
  dotted = [...dotted, ...dottedNames(values).filter((pair) => !known.has(pair[0]))]
    .sort((a, b) => b[0].length - a[0].length);
}

/** [bare, dotted] register names from the person/place/organization filter values, longest first:
 * a name typed without its middle dot is searched with it (Pagefind keeps a dotted name whole). */
function dottedNames(values) {
  const names = [];
  for (const f of TERM_FILTERS) {
    for (const value of Object.keys(values[f] || {})) {
      if (value.includes("・")) names.push([normalize(value.replace(/・/g, "")), normalize(value)]);
    }
  }
  return names.sort((a, b) => b[0].length - a[0].length);
}

/** The time order a state asks for: by time when asked, newest first for a search by filters alone,
 * else none (Pagefind's relevance). */
function timeOrder(state, words) {
  if (state.sort === "oldest") return 1;
  if (state.sort === "newest" || !words.length) return -1;
  return 0;
}

const timesLoaded = new Map();

/** The times (seconds, UTC) of a bundle's entries by Pagefind page id, from its `kiroku-time.gz` (written
 * by `kiroku index`, see kiroku/searchorder.py): fetched once, and only when results are sorted by time,
 * so a first search does not pay for it. A bundle without the file sorts its entries last. */
function loadTimes(bundle) {
  if (!timesLoaded.has(bundle.key)) timesLoaded.set(bundle.key, readTimes(bundle.url));
  return timesLoaded.get(bundle.key);
}

async function readTimes(bundle) {
  const times = new Map();
  try {
    const response = await fetch(new URL("kiroku-time.gz", bundle));
    if (!response.ok) return times;
    const text = await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).text();
    const lines = text.split("\n");
    if (lines[0] !== "kiroku-time 1") return times;
    let seconds = 0;
    for (const line of lines.slice(1)) {
      const tab = line.indexOf("\t");
      if (tab < 0) continue;
      seconds += parseInt(line.slice(tab + 1), 36);
      times.set(line.slice(0, tab), seconds);
    }
  } catch {
    // unreadable: this bundle's entries sort last
  }
  return times;
}

/** `_static/kiroku-search-config.json`: other archives to merge, and the register's dotted names. */
async function readConfig() {
  const strings = (list) => (Array.isArray(list) ? list.filter((u) => typeof u === "string") : []);
  try {
    const response = await fetch(new URL("_static/kiroku-search-config.json", siteRoot));
    if (!response.ok) return { merge: [], names: [], english: [] };
    const config = await response.json();
    const names = Array.isArray(config.names)
      ? config.names.filter((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === "string"))
      : [];
    const pairs = (list) => (Array.isArray(list)
      ? list.filter((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === "string")) : []);
    return { merge: strings(config.merge), names, english: pairs(config.english) };
  } catch {
    return { merge: [], names: [], english: [] };
  }
}

/** Where the entry's own text starts in Pagefind's `content`: after the heading and the time line,
 * which the result shows already (the time line is the meta `when`, as on the page). */
function bodyStart(content, meta) {
  const at = meta.when ? content.indexOf(meta.when) : -1;
  if (at < 0) return 0;
  let start = at + meta.when.length;
  while (start < content.length && /\s/.test(content[start])) start += 1;
  return start;
}

/** The entry's text around its first hit, hits marked; the start of its text if the hits are all in
 * the heading. */
function excerpt(content, allFound, start) {
  const p = document.createElement("p");
  p.className = "kiroku-result-excerpt";
  const found = allFound.filter(([a]) => a >= start);
  const [first] = found;
  const from = Math.max(start, first ? first[0] - 40 : 0);
  const to = Math.min(content.length, (first ? first[1] : from) + 80);
  if (from > start) p.append("…");
  let at = from;
  for (const [a, b] of found) {
    if (a < at || b > to) continue;
    p.append(content.slice(at, a));
    const mark = document.createElement("mark");
    mark.textContent = content.slice(a, b);
    p.append(mark);
    at = b;
  }
  p.append(content.slice(at, to));
  if (to < content.length) p.append("…");
  return p;
}

function item(data, found) {
  const li = document.createElement("li");
  li.className = "kiroku-result";
  const meta = data.meta || {};
  const title = document.createElement("p");
  title.className = "kiroku-result-title";
  const a = document.createElement("a");
  a.href = meta.anchor ? `${data.url}#${meta.anchor}` : data.url;
  a.textContent = meta.title || data.url;
  title.append(a);
  li.append(title);
  const line = document.createElement("p");
  line.className = "kiroku-result-meta";
  if (meta.when) {
    const when = document.createElement(meta.datetime ? "time" : "span");
    if (meta.datetime) when.setAttribute("datetime", meta.datetime);
    when.textContent = meta.when;
    line.append(when);
  }
  if (meta.blog) {
    const blog = document.createElement("span");
    blog.className = "kiroku-result-blog";
    blog.textContent = meta.blog;
    if (meta.when) line.append(" ・ ");
    line.append(blog);
  }
  li.append(line);
  const content = data.content || "";
  li.append(excerpt(content, found, bodyStart(content, meta)));
  return li;
}

/** 32-bit FNV-1a over the UTF-16 code units of a page id: its text bucket (kiroku.searchindex.fnv1a). */
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const buckets = new Map(); // bundle key + bucket (or "all") -> Promise of Map(page id -> folded text)

async function readBucket(bundle, n) {
  const key = `${bundle.key}\t${n}`;
  if (!buckets.has(key)) {
    buckets.set(key, (async () => {
      const texts = new Map();
      const response = await fetch(new URL(`kiroku-text/${n}.gz`, bundle.url));
      if (!response.ok) throw new Error(`kiroku-text/${n}.gz: ${response.status}`);
      const text = await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).text();
      const lines = text.split("\n");
      if (lines[0] !== "kiroku-text 1") throw new Error(`kiroku-text/${n}.gz: not a text bucket`);
      for (const line of lines.slice(1)) {
        const tab = line.indexOf("\t");
        if (tab > 0) texts.set(line.slice(0, tab), line.slice(tab + 1));
      }
      return texts;
    })());
  }
  return buckets.get(key);
}

const fragments = new WeakMap(); // Pagefind result -> Promise of its fragment (data()), fetched once

function dataOf(result) {
  if (!fragments.has(result)) fragments.set(result, result.data());
  return fragments.get(result);
}

/** Whether each candidate holds every word: from the bundle's text buckets, else (a bundle written
 * before them) from Pagefind's fragments. */
/** The bundle's whole text (kiroku-text/all.gz), once; null if it has none (an older bundle). */
function readWhole(bundle) {
  const key = `${bundle.key}\tall`;
  if (!buckets.has(key)) readBucket(bundle, "all").catch(() => buckets.set(key, Promise.resolve(null)));
  return buckets.get(key).catch(() => null);
}

/** Whether checking `candidates` of `bundle` on buckets would take more than WHOLE_AT fetches. */
function wantsWhole(bundle, candidates) {
  const n = bundle.shard?.text_buckets;
  if (!n || buckets.has(`${bundle.key}\tall`)) return Boolean(n);
  const needed = new Set(candidates.map((r) => fnv1a(r.id) % n).filter((b) => !buckets.has(`${bundle.key}\t${b}`)));
  return needed.size > WHOLE_AT;
}

async function check(bundle, candidates, words) {
  const n = bundle.shard?.text_buckets;
  const whole = n && candidates.length > WHOLE_AT && wantsWhole(bundle, candidates) ? await readWhole(bundle) : null;
  if (n) {
    const texts = whole ? candidates.map(() => whole)
      : await Promise.all(candidates.map((r) => readBucket(bundle, fnv1a(r.id) % n)));
    return candidates.map((r, k) => {
      const folded = texts[k].get(r.id) ?? ""; // folded by kiroku index with the same rule as fold()
      return words.every((w) => folded.includes(w));
    });
  }
  const datas = await Promise.all(candidates.map(dataOf));
  return datas.map((data) => hits(fold(`${data.content || ""} ${data.meta?.names || ""}`), words) !== null);
}

/** A search's results, found bundle by bundle in Kiroku's order and checked a batch at a time:
 * `more()` does one step of work (search the next bundle, or check the next batch); `take()` gives the
 * matches that can be shown, in order. */
function resultStream(q, words, filters, order) {
  const queue = neededBundles(filters, order);
  const query = words.length ? pagefindQuery(q, dotted) : null;
  const speculate = words.length > 0 && !/["“”]/.test(q);
  const pool = []; // checked matches not shown yet, sorted by `k`
  const near = []; // candidates that failed the check (for 「近い結果」)
  let current = null; // {bundle, cands: [{r, bundle, k}], at}
  let seq = 0;
  /** Kiroku's order: by `k` (the time, or the order found), then, for equal times, by page id (oldest
   * first: ascending; newest first: descending, the exact reverse), so that entries of the same time
   * are listed alike whichever bundles hold them (a page's id is the hash of what Pagefind indexed of
   * it, the same in every bundle). */
  const before = (a, b) => (a.k !== b.k ? a.k < b.k : order < 0 ? a.r.id > b.r.id : a.r.id < b.r.id);
  const compare = (a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0);
  const self = {
    found: 0, checked: 0, candidates: 0, budgetUsed: 0, done: false, near,
    batch: BATCH, // candidates checked per step on text buckets: more once the first page is shown
    /** Search every bundle still to be read now, all at once (their results wait in the cache): for the
     * count, once the first page is shown. */
    searchAhead() {
      for (const bundle of queue) join(bundle).catch(() => {});
      for (const bundle of [...queue, ...(current ? [current.bundle] : [])]) {
        searchBundle(bundle, query, filters).then((results) => {
          if (words.length && bundle.shard?.text_buckets && wantsWhole(bundle, results)) readWhole(bundle);
        }).catch(() => {});
      }
    },
    /** Whether `c` (a checked match) comes before every match not found yet: before the next unchecked
     * candidate of the bundle being checked, and by time strictly before the earliest entry that a
     * bundle not searched yet can hold (its span, from the manifest; an equal time may still be
     * preceded by an entry of that bundle with a smaller id). By relevance, a bundle not searched yet
     * comes after every bundle searched. */
    ready(c) {
      if (current && current.at < current.cands.length && !before(c, current.cands[current.at])) return false;
      if (order) {
        for (const bundle of queue) if (c.k >= (order < 0 ? -bundle.newest : bundle.oldest)) return false;
      }
      return true;
    },
    take(max) {
      const out = [];
      while (out.length < max && pool.length && self.ready(pool[0])) out.push(pool.shift());
      return out;
    },
    fragmentsOnly() {
      return current && !current.bundle.shard?.text_buckets && current.at < current.cands.length;
    },
    more() {
      lock = lock.catch(() => {}).then(step);
      return lock;
    },
  };
  let lock = Promise.resolve();
  async function step() {
    if (!current || current.at >= current.cands.length) {
      const bundle = queue.shift();
      if (!bundle) {
        current = null;
        self.done = true;
        return;
      }
      const results = await searchBundle(bundle, query, filters);
      // Without the words a candidate cannot hold, it is not checked: no word of the page matched
      // (Pagefind found it by a meta field only) and neither did its title or the names it mentions.
      let cands = words.length
        ? results.filter((r) => r.words.length || (r.matchedMetaFields || []).some((f) => f === "title" || f === "names"))
        : results;
      const times = order ? await loadTimes(bundle) : null;
      cands = cands.map((r) => {
        seq += 1;
        const t = times?.get(r.id);
        // By relevance, the order found; by time, the time (an entry without one last).
        const k = !order ? seq : t === undefined ? 1e15 : order * t;
        return { r, bundle, k };
      });
      if (order) cands.sort(compare);
      self.candidates += cands.length;
      current = { bundle, cands, at: 0 };
      return;
    }
    const size = !words.length ? current.cands.length : current.bundle.shard?.text_buckets ? self.batch : BATCH;
    const batch = current.cands.slice(current.at, current.at + size);
    current.at += batch.length;
    self.checked += batch.length;
    if (speculate && self.checked === batch.length) {
      // The first batch of a query with no quoted phrase: its first page's fragments are fetched while
      // it is checked (a round trip sooner). Pagefind found these candidates holding every word, so they
      // nearly always pass; one that does not may still be shown as a near result.
      for (const c of batch.slice(0, PAGE_SIZE)) dataOf(c.r).catch(() => {});
    }
    const ok = words.length ? await check(current.bundle, batch.map((c) => c.r), words) : batch.map(() => true);
    batch.forEach((c, n) => {
      if (ok[n]) {
        self.found += 1;
        pool.push(c);
      } else if (near.length < NEAR_MAX) {
        near.push(c);
      }
    });
    pool.sort(compare);
  }
  return self;
}

async function run(state) {
  const mine = ++generation;
  list.replaceChildren();
  nearList.replaceChildren();
  nearBox.hidden = true;
  more.hidden = true;
  const words = parseQuery(state.q);
  const filters = filtersOf(state);
  if (!words.length && !Object.keys(filters).length) {
    say("");
    return;
  }
  say("検索しています…");
  if (filters.blog || filters.day) {
    await loadShardFilters();
    if (mine !== generation) return;
  }
  const order = timeOrder(state, words);
  const stream = resultStream(state.q, words, filters, order);
  let shown = 0;
  let asked = false; // the reader asked for the rest (「残りの候補も確かめる」)
  const stale = () => mine !== generation;

  if (!words.length) {
    // By filters alone every result is a match: every bundle it needs is searched at once (in
    // parallel), so the count is exact from the start.
    await Promise.all(neededBundles(filters, order).map((b) => searchBundle(b, null, filters)));
    while (!stream.done) await stream.more();
    if (stale()) return;
  }

  function report() {
    const total = stream.found;
    const complete = stream.done;
    status.dataset.candidates = String(stream.candidates); // Pagefind's results so far (the bench reads it)
    if (total) {
      say(complete ? `${total}件見つかりました` : `${total}件以上見つかりました`,
        { count: String(total), complete: complete ? "yes" : "no" });
      more.textContent = "さらに表示";
      more.hidden = complete && shown >= total;
    } else if (complete) {
      say("見つかりませんでした", { count: "0", complete: "yes" });
      more.hidden = true;
    } else {
      say(`見つかりませんでした（候補${stream.checked}件を確かめました。残りの候補があります）`,
        { count: "0", complete: "no" });
      more.textContent = "残りの候補も確かめる";
      more.hidden = false;
    }
  }

  async function showNear() {
    if (shown || !stream.done || !stream.near.length) return;
    const datas = await Promise.all(stream.near.map((c) => dataOf(c.r)));
    if (stale()) return;
    nearList.replaceChildren(...datas.map((data) => item(data, [])));
    nearBox.hidden = false;
  }

  /** One step of the stream; false when it must stop (a newer search, or the fragment budget spent). */
  async function step() {
    // A bundle with no text buckets is checked a fragment at a time: within a budget until asked.
    const fragments = stream.fragmentsOnly();
    if (fragments && !asked && stream.budgetUsed >= FRAGMENT_BUDGET) return false;
    const before = stream.checked;
    await stream.more();
    if (fragments) stream.budgetUsed += stream.checked - before;
    return !stale();
  }

  /** Show matches until `target` are listed (or none are left), checking what it takes. */
  async function fill(target) {
    while (shown < target) {
      const ready = stream.take(target - shown);
      if (ready.length) {
        const datas = await Promise.all(ready.map((c) => dataOf(c.r)));
        if (stale()) return;
        for (const data of datas) {
          const found = words.length ? hits(fold(data.content || ""), words) || [] : [];
          list.append(item(data, found));
        }
        shown += ready.length;
        continue;
      }
      if (stream.done) break;
      // A bundle with no text buckets is checked a fragment at a time: within a budget per fill.
      if (!(await step())) break;
    }
    report();
  }

  /** After the first page: go on checking, for the count (and the next page), up to COUNT_BUDGET. */
  async function count() {
    stream.batch = COUNT_BATCH;
    stream.searchAhead();
    while (!stream.done && (asked || stream.checked < COUNT_BUDGET)) {
      if (!(await step())) break;
      if (!shown) await fill(PAGE_SIZE);
      report();
    }
    if (stale()) return;
    report();
    await showNear();
  }

  // The button stays where it is while the next page loads (hiding it would drop a keyboard user's
  // focus): marked busy, and a second press does nothing until the page is shown.
  let busy = false;
  more.removeAttribute("aria-disabled");
  more.onclick = async () => {
    if (busy) return;
    busy = true;
    more.setAttribute("aria-disabled", "true");
    asked = true;
    stream.budgetUsed = 0;
    await fill(shown + PAGE_SIZE);
    busy = false;
    more.removeAttribute("aria-disabled");
    if (stale()) return;
    report();
    await count();
  };
  await fill(PAGE_SIZE);
  if (stale()) return;
  await count();
}

async function start() {
  const loading = load(); // Pagefind loads while the page is still being parsed
  loading.catch(() => {}); // reported below, once the page can say so
  prefetch(loading).catch(() => {}); // only a head start: run() searches again, from the cache
  await parsed();
  bind();
  const state = stateFromURL();
  input.value = state.q;
  say("検索の準備をしています…");
  try {
    await loading;
  } catch (err) {
    say("検索の索引を読み込めませんでした");
    throw err;
  }
  manifestFilters();
  // The reader opening the options, or moving into them, loads every filter's values; the page opening
  // them to show the URL's filters does not.
  let openedByPage = false;
  options.addEventListener("toggle", () => {
    if (openedByPage) openedByPage = false;
    else if (options.open) loadFilters();
  });
  options.addEventListener("focusin", (event) => {
    if (event.target !== options.querySelector("summary")) loadFilters();
  });
  options.addEventListener("pointerdown", (event) => {
    if (event.target.closest("select")) loadFilters();
  });
  if (FILTERS.some((f) => state[f]) || state.sort) {
    openedByPage = !options.open;
    options.open = true;
  }
  showState(state);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = stateFromForm();
    history.pushState(null, "", urlFor(next));
    run(next);
  });
  for (const sel of [...Object.values(selects), sortSelect]) {
    sel.addEventListener("change", () => form.requestSubmit());
  }
  window.addEventListener("popstate", () => {
    const next = stateFromURL();
    showState(next);
    run(next);
  });
  if (!state.q) input.focus();
  await run(state);
  box.dataset.ready = "yes"; // the first search settled: its first page shown and its count done
}

start();
