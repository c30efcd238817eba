// The search page focuses its field on load (pydata's inline script, moved to a file for the CSP).
const kirokuSearchInput = document.querySelector("form.bd-search input");
if (kirokuSearchInput) {
  kirokuSearchInput.focus();
  kirokuSearchInput.select();
}
