/* Part of iframe-worker 1.0.4 (see iframe-worker-shim.js beside this file, MIT licence,
   Copyright (c) 2020-2022 Martin Donath): what the shim wrote inline into the iframe that
   stands in for a Web Worker under file://, moved into a file so that the pages'
   Content-Security-Policy (script-src 'self') can forbid inline scripts. Runs in that
   iframe, before the worker's own script. */
postMessage = function (message, origin) { parent.postMessage(message, origin || "*"); };
importScripts = function () {
  return Array.prototype.reduce.call(arguments, function (done, url) {
    return done.then(function () {
      return new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        document.body.appendChild(script);
      });
    });
  }, Promise.resolve());
};
(function (worker) {
  addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error: event.error }));
  });
})(document.currentScript.getAttribute("data-worker"));
