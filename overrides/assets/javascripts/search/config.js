/*
 * Points Material's search box at the handbook's own search worker. Runs before
 * Material's bundle reads its configuration; the worker's address comes from this script
 * tag's data-worker attribute (written by the template, relative to the page).
 */
(function () {
  "use strict";
  var element = document.getElementById("__config");
  var worker = document.currentScript && document.currentScript.getAttribute("data-worker");
  if (!element || !worker) return;
  var config = JSON.parse(element.textContent);
  config.search = worker;
  element.textContent = JSON.stringify(config);
})();
