/*
 * Points Material's search box at the handbook's own search worker. Runs before
 * Material's bundle reads its configuration; the worker's address and the site's root come
 * from this script tag's data-worker and data-site-root attributes (written by the
 * template, relative to the page). The worker learns the root from its own address's
 * fragment: a worker has no page to read it from.
 */
(function () {
  "use strict";
  var element = document.getElementById("__config");
  var script = document.currentScript;
  var worker = script && script.getAttribute("data-worker");
  if (!element || !worker) return;
  var root = new URL(script.getAttribute("data-site-root"), location.href).href;
  var config = JSON.parse(element.textContent);
  config.search = worker + "#" + encodeURIComponent(root);
  element.textContent = JSON.stringify(config);
})();
