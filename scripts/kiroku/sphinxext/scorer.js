/* Kiroku search scorer (html_search_scorer): Sphinx's weights, plus a bonus for a page whose
 * title holds the whole query, so an entry whose heading names what was asked comes before one
 * that mentions it once. Titles and query are compared as the splitter sees them (NFKC, lower
 * case, no middle dots or spaces). */
var Scorer = {
  score: function (result) {
    var title = result[1] || "";
    var score = result[4];
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var plain = function (s) {
      return s.normalize("NFKC").toLowerCase().replace(/[\s\u30fb\uff65\u00b7\u2027\u2219\u22c5\u2022]+/g, "");
    };
    var q = plain(query);
    if (q && plain(title).indexOf(q) !== -1) score += 30;
    return score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};

/* Sphinx's search page throws when a result's anchor holds no text (an index entry's empty
 * target): its summary is null and appendChild(null) fails. Show such results without a summary. */
if (typeof Search !== "undefined" && Search.makeSearchSummary) {
  var kirokuMakeSearchSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    return kirokuMakeSearchSummary(htmlText, keywords, anchor) || document.createElement("p");
  };
}
