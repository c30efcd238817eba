// pydata-sphinx-theme's light/dark mode, set before the page renders (was an inline script).
document.documentElement.dataset.mode = localStorage.getItem("mode") || "";
document.documentElement.dataset.theme = localStorage.getItem("theme") || "";
