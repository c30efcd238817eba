// Kiroku's search page (issue 13): Pagefind's JS API over the bundle the build writes to pagefind/.
//
// Loaded as a module from search.html; the page passes its URLs in data- attributes (the
// Content-Security-Policy allows no unhashed inline script). Nothing here comes from another host.
//
// Exact, not loosened: Pagefind loosens a query that has no exact match (NOTES §8), so its results
// are only CANDIDATES. A candidate is a match when its text (Pagefind's `content`, folded as below)
// contains every query word, a "quoted phrase" as one string with its spaces. Candidates are checked
// in Pagefind's order, their fragments fetched in small batches only until the page is full.
//
// The count equals the list: 「N件見つかりました」 once every candidate has been checked (N = the
// entries listed); while unchecked candidates remain, 「N件以上見つかりました」 with 「さらに表示」.
// A search by filters alone (no words) needs no check: every result Pagefind gives is a match, so
// its count is exact from the start: 「N件見つかりました」 with N = all of Pagefind's results (the
// filter's own count), the first PAGE_SIZE listed and the rest behind 「さらに表示」.
// The status element carries the count said (data-count) and whether it is exact (data-complete).
//
// Sort by time: not Pagefind's sort, whose order list would be in the metadata every first search
// loads; each bundle's `kiroku-time.gz` (kiroku/searchorder.py) is fetched when a search is sorted
// by time (or by filters alone, newest first), and Pagefind's results are ordered by it.
//
// Several archives: `_static/kiroku-search-config.json` = {"merge": ["../other/pagefind/", …]}
// (optional; written by the build from conf.py `kiroku_search_merge`). Each URL is resolved against
// this site's root and merged with `pagefind.mergeIndex()` before the first search; results of all
// archives come in one list (Pagefind gives each result a URL under its own archive's root).

const PAGE_SIZE = 10; // results shown at first and per 「さらに表示」
const BATCH = 10; // fragments fetched at once while checking candidates
const CHECK_BUDGET = 30; // candidates checked per fill of the list before asking the reader (a fragment each)
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
 * parsed: its index chunks and first fragments are then in Pagefind's cache when run() asks. */
async function prefetch(loading) {
  await loading;
  const state = stateFromURL();
  const words = parseQuery(state.q);
  if (!words.length) return;
  const filters = {};
  for (const f of FILTERS) if (state[f]) filters[f] = state[f];
  const results = await searchInOrder(state, words, filters);
  await Promise.all(results.slice(0, BATCH).map((r) => r.data()));
}

// This module is _static/kiroku-search.js: the site root is the folder above it.
const siteRoot = new URL("../", import.meta.url);
let pagefind = null;
const bundles = [new URL("pagefind/", siteRoot)]; // this archive's bundle, then the merged ones
let dotted = []; // [bare, dotted] register names: the config's, then any from merged archives' filters
let generation = 0; // a newer search makes an older one stop

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
      sel.append(new Option(`${state[f]}（0）`, state[f])); // a value no entry has: still shown as chosen
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

async function load() {
  const configLoading = readConfig(); // fetched while Pagefind's script loads
  pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
  // No worker: its script (43 KB) and start-up cost more than one search saves by running off the
  // main thread.
  await pagefind.options({ noWorker: true });
  const config = await configLoading;
  dotted = config.names;
  for (const url of config.merge) {
    const abs = new URL(url, siteRoot);
    bundles.push(abs);
    await pagefind.mergeIndex(abs.origin === location.origin ? abs.pathname : abs.href);
  }
  await pagefind.init();
}

let filtersLoaded = null;

/** The filter selects' values, loaded once, when the reader opens the options or the URL sets a filter:
 * at 10,000 entries they are the largest part of the index a first search would otherwise fetch. */
function loadFilters() {
  filtersLoaded ??= pagefind.filters().then(fillFilters);
  return filtersLoaded;
}

/** The filter selects, from Pagefind's filter values; dotted register names for the query. */
function fillFilters(values) {
  for (const f of FILTERS) {
    const sel = selects[f];
    const entries = Object.entries(values[f] || {}).sort((a, b) =>
      f === "day" ? b[0].localeCompare(a[0]) : a[0].localeCompare(b[0], "ja"));
    const chosen = sel.value;
    for (const [value, count] of entries) {
      if (value !== chosen) sel.append(new Option(`${value}（${count}）`, value));
    }
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

let timesLoaded = null;

/** Every entry's time (seconds, UTC) by Pagefind page id, from each bundle's `kiroku-time.gz` (written
 * by `kiroku index`, see kiroku/searchorder.py): fetched once, and only when results are sorted by
 * time, so a first search does not pay for it. A bundle without the file sorts its entries last. */
function loadTimes() {
  timesLoaded ??= Promise.all(bundles.map(readTimes)).then((maps) => new Map(maps.flatMap((m) => [...m])));
  return timesLoaded;
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

let lastSearch = { key: "", results: null };

/** Pagefind's results for a state, in the order the state asks for (a stable sort: ties keep
 * Pagefind's order). The last search is kept: the prefetch's results are run()'s, not a second
 * search (for a frequent word at 10,000 entries, Pagefind's scoring is the longest step). */
function searchInOrder(state, words, filters) {
  const query = words.length ? pagefindQuery(state.q, dotted) : null;
  const key = JSON.stringify([query, filters, timeOrder(state, words)]);
  if (lastSearch.key !== key) lastSearch = { key, results: orderedSearch(query, state, words, filters) };
  return lastSearch.results;
}

async function orderedSearch(query, state, words, filters) {
  const response = await pagefind.search(query, { filters });
  const order = timeOrder(state, words);
  if (!order) return response.results;
  const times = await loadTimes();
  const key = (r) => (times.has(r.id) ? times.get(r.id) : null);
  return [...response.results].sort((a, b) => {
    const ta = key(a);
    const tb = key(b);
    if (ta === null || tb === null) return (ta === null) - (tb === null);
    return order * (ta - tb);
  });
}

/** `_static/kiroku-search-config.json`: other archives to merge, and the register's dotted names. */
async function readConfig() {
  const strings = (list) => (Array.isArray(list) ? list.filter((u) => typeof u === "string") : []);
  try {
    const response = await fetch(new URL("_static/kiroku-search-config.json", siteRoot));
    if (!response.ok) return { merge: [], names: [] };
    const config = await response.json();
    const names = Array.isArray(config.names)
      ? config.names.filter((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === "string"))
      : [];
    return { merge: strings(config.merge), names };
  } catch {
    return { merge: [], names: [] };
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

async function run(state) {
  const mine = ++generation;
  list.replaceChildren();
  nearList.replaceChildren();
  nearBox.hidden = true;
  more.hidden = true;
  const words = parseQuery(state.q);
  const filters = {};
  for (const f of FILTERS) if (state[f]) filters[f] = state[f];
  if (!words.length && !Object.keys(filters).length) {
    say("");
    return;
  }
  say("検索しています…");
  const results = await searchInOrder(state, words, filters);
  if (mine !== generation) return;
  // Without the words a candidate cannot hold, its fragment is not fetched: no word of the page
  // matched (Pagefind found it by a meta field only) and its title did not match either.
  const candidates = words.length
    ? results.filter((r) => r.words.length || (r.matchedMetaFields || []).includes("title"))
    : results;
  let cursor = 0; // candidates checked so far
  let shown = 0;
  const ready = []; // checked matches not shown yet (a batch can find more than the page needs)
  const near = [];

  async function fill() {
    const target = shown + PAGE_SIZE;
    const budget = cursor + CHECK_BUDGET; // candidates this call may check (each costs a fragment)
    while (shown < target) {
      if (ready.length) {
        const [data, found] = ready.shift();
        list.append(item(data, found));
        shown += 1;
        continue;
      }
      if (cursor >= candidates.length || (words.length && cursor >= budget)) break;
      const take = words.length ? BATCH : target - shown;
      const batch = candidates.slice(cursor, cursor + take);
      cursor += batch.length;
      const datas = await Promise.all(batch.map((r) => r.data()));
      if (mine !== generation) return;
      for (const data of datas) {
        const found = words.length ? hits(fold(data.content || ""), words) : [];
        if (found) ready.push([data, found]);
        else if (near.length < NEAR_MAX) near.push(data);
      }
    }
    const complete = cursor >= candidates.length && ready.length === 0; // nothing left to check or show
    const left = candidates.length - cursor;
    if (!words.length) {
      // By filters alone every candidate is a match: the count is all of them, however many are listed.
      const total = candidates.length;
      say(total ? `${total}件見つかりました` : "見つかりませんでした", { count: String(total), complete: "yes" });
      more.textContent = "さらに表示";
    } else if (shown) {
      say(complete ? `${shown}件見つかりました` : `${shown}件以上見つかりました`,
        { count: String(shown), complete: complete ? "yes" : "no" });
      more.textContent = "さらに表示";
    } else if (complete) {
      say("見つかりませんでした", { count: "0", complete: "yes" });
    } else {
      // Pagefind's loosened candidates for a word no entry holds can be thousands; the most relevant
      // were checked. The rest are checked only if the reader asks (each costs a fragment).
      say(`見つかりませんでした（関連度の高い候補${cursor}件を確かめました。残りの候補は${left}件）`,
        { count: "0", complete: "no" });
      more.textContent = "残りの候補も確かめる";
    }
    if (!shown) {
      nearList.replaceChildren(...near.map((data) => item(data, [])));
      nearBox.hidden = near.length === 0;
    } else {
      nearBox.hidden = true;
    }
    more.hidden = complete;
  }

  more.onclick = () => {
    more.hidden = true;
    fill();
  };
  await fill();
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
    if (FILTERS.some((f) => state[f]) || state.sort) {
      options.open = true;
      await loadFilters();
    }
  } catch (err) {
    say("検索の索引を読み込めませんでした");
    throw err;
  }
  options.addEventListener("toggle", () => {
    if (options.open) loadFilters();
  });
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
  box.dataset.ready = "yes";
}

start();
