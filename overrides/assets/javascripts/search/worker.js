/*
 * The handbook's search worker, as small as it can be: Material starts it on every page
 * load, but nothing is needed before the reader types. The engine (search/engine.js), the
 * stemmer it uses (search/snowball-english.js) and the index are loaded at the first query.
 */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's message types
  var engine = null;
  // Queries are answered one after another, so an early slow answer never overwrites a
  // later one in the search box; a query overtaken by a newer one while it waited is
  // dropped (typing "missing" asks seven questions: only the last needs its answer).
  var queue = Promise.resolve();
  var latest = 0;

  function here() {
    // In the file:// iframe shim this script is a <script src> (after the shim's setup
    // script, which carries data-worker); in a worker, self.location.
    var script = typeof document !== "undefined" && document.querySelector("script[src]:not([data-worker])");
    return script ? script.src : self.location.href;
  }

  addEventListener("message", function (event) {
    var message = event.data;
    var ticket = message.type === QUERY ? ++latest : 0;
    queue = queue.then(async function () {
      if (ticket && ticket !== latest) return null;
      if (message.type === SETUP) return { type: READY };
      // Material asks with an empty query when the page opens: nothing to load for that.
      if (!engine && !String(message.data || "").trim()) return { type: RESULT, data: { items: [] } };
      if (!engine) {
        await importScripts(new URL("snowball-english.js", here()).href, new URL("engine.js", here()).href);
        engine = self.handbookSearch;
      }
      return engine.handle(message);
    }).then(function (reply) { if (reply) postMessage(reply); });
  });
})();
