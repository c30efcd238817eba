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

// Bootstrap's script (81 KB: the theme's dropdowns, tooltips and back-to-top button) on the reader's first
// use of the page (a wheel, a touch, a key, a press), not with it (issue 27; kiroku.sphinxext.light puts its address in data-bootstrap).
// A press on a Bootstrap toggle before it has arrived is held and given again once it has.
(() => {
  const script = document.currentScript;
  const src = script && script.dataset.bootstrap;
  if (!src) return;
  let loading = null;
  const load = () => {
    if (!loading) {
      loading = new Promise((resolve) => {
        const s = document.createElement("script");
        s.src = src;
        s.onload = s.onerror = resolve;
        document.head.appendChild(s);
      });
    }
    return loading;
  };
  const held = (event) => {
    if (window.bootstrap) return;
    const toggle = event.target instanceof Element && event.target.closest('[data-bs-toggle="dropdown"]');
    load();
    if (!toggle) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    loading.then(() => {
      if (window.bootstrap) window.bootstrap.Dropdown.getOrCreateInstance(toggle).toggle();
    });
  };
  document.addEventListener("click", held, true);
  // Not "scroll": the page scrolls itself (to an entry's anchor, the sidebar to the current page).
  for (const type of ["wheel", "touchstart", "keydown", "pointerdown", "focusin"]) {
    addEventListener(type, () => load(), { capture: true, once: true, passive: true });
  }
})();
