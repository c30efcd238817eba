// pydata-sphinx-theme's light/dark mode, set before the page renders (was an inline script).
// The theme's own script falls back to its `default_mode`, which Kiroku does not set: "" on a first
// visit (nothing stored yet), which the theme's JS then refuses with the console error "Got invalid
// theme mode". A mode not stored, or not one of the theme's, is "auto": the system's colours.
(() => {
  let mode = null;
  try {
    mode = localStorage.getItem("mode");
  } catch {
    // storage refused (privacy settings): the system's colours, not remembered
  }
  if (!["auto", "light", "dark"].includes(mode)) mode = "auto";
  const system = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  document.documentElement.dataset.mode = mode;
  document.documentElement.dataset.theme = mode === "auto" ? system : mode;
})();
