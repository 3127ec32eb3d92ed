// Live reload for `python -m handbook serve` (handbook/build/serve.py), added by the
// preview server to each page it sends, never written into site/. It waits (long polling)
// for a newer version of its page (a quick preview of an edit, or a good build that
// changed it) and reloads; a failed build's `path:line: error:` lines are shown over the
// page, which stays as the last good build made it.
(function () {
  "use strict";
  var base = "/.handbook-serve/state";
  var script = document.currentScript;
  var page = script && script.dataset.page ? script.dataset.page : "";
  var version = script && script.dataset.version ? Number(script.dataset.version) : null;
  var panel = null;

  function showProblems(lines) {
    if (!lines.length) {
      if (panel) { panel.remove(); panel = null; }
      return;
    }
    if (!panel) {
      panel = document.createElement("div");
      panel.setAttribute("role", "alert");
      panel.className = "hb-serve-problems";
      // Set through the CSSOM: the page's Content-Security-Policy allows no style attribute.
      var s = panel.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "1000";
      s.maxHeight = "50vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "1em";
      s.background = "#fff"; s.color = "#b00020"; s.borderTop = "4px solid #b00020";
      s.font = "14px/1.4 monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(panel);
    }
    panel.textContent = "Not built: the last good site is shown.\n\n" + lines.join("\n");
  }

  function poll(seen) {
    fetch(base + "?seen=" + seen + "&page=" + encodeURIComponent(page), { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (version === null) { version = state.version; }
        if (state.version !== version) { location.reload(); return; }
        showProblems(state.problems);
        poll(state.changes);
      })
      .catch(function () { setTimeout(function () { poll(-1); }, 1000); });
  }

  if ("serviceWorker" in navigator) {  // a worker from an earlier visit would serve old pages
    navigator.serviceWorker.getRegistrations().then(function (all) {
      all.forEach(function (registration) { registration.unregister(); });
    });
  }
  poll(-1);
})();
