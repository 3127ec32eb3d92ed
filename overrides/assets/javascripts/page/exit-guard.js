/*
 * Runs in the page's head, before anything is shown. After a reader used "Exit this
 * page", going Back to a handbook page must not show the guidance again: such a page is
 * hidden at once and replaced by the neutral site. Pages the reader opens deliberately
 * (a link, a typed address) are shown as usual.
 */
(function () {
  "use strict";
  var KEY = "hb-exited";
  var url = document.currentScript.getAttribute("data-exit-url");

  function exitedEarlier() {
    try { return sessionStorage.getItem(KEY) === "1"; } catch (error) { return false; }
  }

  function leave() {
    document.documentElement.classList.add("hb-exiting");
    location.replace(url);
  }

  var navigation = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  if (exitedEarlier()) {
    if (navigation && navigation.type === "back_forward") leave();
    else try { sessionStorage.removeItem(KEY); } catch (error) { /* storage unavailable */ }
  }
  // A page restored from the back-forward cache runs no script again: this event does.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && exitedEarlier()) leave();
  });
})();
