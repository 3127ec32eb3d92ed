/*
 * Points Material's search box at the handbook's own search worker. Runs before
 * Material's bundle reads its configuration; the worker's address comes from this script
 * tag's data-worker attribute (written by the template, relative to the page).
 *
 * When nothing matches, the worker answers with help (the emergency line, Contacts, close
 * spellings, the Glossary), its first entry marked data-hb-search-help: the line above the
 * results then still says that nothing matched, in Material's own words.
 */
(function () {
  "use strict";
  var element = document.getElementById("__config");
  var worker = document.currentScript && document.currentScript.getAttribute("data-worker");
  if (!element || !worker) return;
  var config = JSON.parse(element.textContent);
  config.search = worker;
  element.textContent = JSON.stringify(config);
  var none = (config.translations || {})["search.result.none"];
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector(".md-search-result__list");
    var meta = document.querySelector(".md-search-result__meta");
    if (!list || !meta || !none) return;
    new MutationObserver(function () {
      if (list.querySelector("[data-hb-search-help]") && meta.textContent !== none) meta.textContent = none;
    }).observe(list, { childList: true });
  });
})();
