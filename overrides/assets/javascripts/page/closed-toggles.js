/* Material's navigation drawer and search overlay are hidden checkboxes (base.html),
   written with autocomplete="off" so that a browser coming back to a page (Back, or a
   reload) does not restore them as the reader left them: open. The handbook's pages leave
   that attribute out (HTML allows it on text fields only: macros/material_markup.py), so
   this script does its work: on such a return, both start closed again. A page kept whole
   in the back/forward cache is shown exactly as it was left, as before. */
(function () {
  "use strict";

  function returned() {
    var entry = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")[0] : null;
    return !entry || entry.type === "back_forward" || entry.type === "reload";
  }

  function close() {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));  // Material follows the toggle's changes
      }
    });
  }

  // The browser restores the checkboxes while the page loads: close them once it has.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted && returned()) close();
  });
})();
