/*
 * Offline reading, on the page's side:
 * - on a web server, registers the service worker that saves the handbook for offline use;
 * - shows a banner whenever the page may be out of date: a saved copy read offline, or a
 *   downloaded copy opened from the file system. The edition comes from the page's
 *   <meta name="handbook-edition">.
 */
(function () {
  "use strict";
  // The site's root, relative to this page, as the template wrote it.
  var root = new URL(document.currentScript.getAttribute("data-site-root"), location.href);
  var meta = document.querySelector('meta[name="handbook-edition"]');
  var edition = meta ? meta.getAttribute("content") : "";

  function banner() {
    var element = document.getElementById("hb-offline-banner");
    if (!element) {
      element = document.createElement("div");
      element.id = "hb-offline-banner";
      element.className = "hb-offline-banner";
      element.setAttribute("role", "status");
      document.body.insertBefore(element, document.body.firstChild);
    }
    return element;
  }

  function update() {
    var savedCopy = document.documentElement.hasAttribute("data-hb-saved-copy");
    var element;
    if (location.protocol === "file:") {
      element = banner();
      element.textContent = "Downloaded copy of the " + edition + " edition: it may be out of date.";
      element.hidden = false;
    } else if (!navigator.onLine || (savedCopy && !update.backOnline)) {
      element = banner();
      element.textContent = "Saved copy of the " + edition +
        " edition \u2014 you are offline and it may be out of date.";
      element.hidden = false;
    } else if ((element = document.getElementById("hb-offline-banner"))) {
      element.hidden = true;
    }
  }

  window.addEventListener("offline", function () { update.backOnline = false; update(); });
  window.addEventListener("online", function () { update.backOnline = true; update(); });
  update();

  // Registered once the page has loaded: saving the whole handbook (about a megabyte) must
  // not compete with the page the reader is waiting for on a slow connection.
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname })
      .catch(function (error) { console.warn("Offline copy unavailable:", error); });
  }
  if ((location.protocol === "https:" || location.protocol === "http:") && "serviceWorker" in navigator) {
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register);
  }
})();
