/*
 * Accessibility repairs to Material's markup that no template block reaches: the search
 * overlay is a dialog and needs a name for screen readers.
 */
(function () {
  "use strict";
  var search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search the handbook");
})();
