/*
 * The handbook's service worker (imported by the sw.js the build writes, which sets
 * HANDBOOK_VERSION and HANDBOOK_FILES).
 *
 * Rules of trust:
 * - While the network works, readers get the current pages: pages and anything that is
 *   not a fingerprinted file are fetched from the network first.
 * - With no network, the saved copy is served, and a saved page is marked so that it
 *   shows the "you are offline" banner (offline/banner.js).
 * - A new edition (any changed file gives a new version) is saved at the next online
 *   visit and the old saved copy is deleted.
 * - Offline, an address that was never saved (a PDF not yet opened, an earlier edition) is
 *   sent to the "not saved for reading offline" page, never shown as another page.
 * - Anything fetched with a network (a chapter PDF opened once) is saved as it comes.
 */
"use strict";

const CACHE = `handbook-${self.HANDBOOK_VERSION}`;
const SCOPE = new URL("./", self.registration.scope);
// Material's own files carry a content hash in their names: they never change.
const FINGERPRINTED = /\.[0-9a-f]{8}\.min\.(js|css)$/;

self.addEventListener("install", event => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(self.HANDBOOK_FILES.map(file => new Request(new URL(file, SCOPE), { cache: "reload" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys())
      if (name.startsWith("handbook-") && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// Pages and other changing files are always checked with the server (cache: "no-cache"), so
// that neither yesterday's page from the browser's HTTP cache (a host that sends no
// Cache-Control header is cached by heuristics) nor a page with no network behind it is
// shown as current. Navigation requests cannot be copied with options: their address is used.
function checked(request) {
  if (request.mode === "navigate")
    return fetch(request.url, { cache: "no-cache", credentials: "same-origin" });
  return fetch(new Request(request, { cache: "no-cache" }));
}

async function fromNetwork(request, fresh = checked) {
  const response = await fresh(request);
  if (response.ok && response.type === "basic") {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

const NOT_SAVED = new URL("offline.html", SCOPE);

async function savedCopy(request) {
  const cache = await caches.open(CACHE);
  return cache.match(request, { ignoreSearch: true });
}

// A page served from the saved copy says so: the banner script looks for this mark.
async function marked(response) {
  const html = await response.text();
  const headers = new Headers(response.headers);
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(html.replace("<html", "<html data-hb-saved-copy"), { headers });
}

self.addEventListener("fetch", event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== SCOPE.origin) return;
  if (FINGERPRINTED.test(url.pathname)) {
    event.respondWith(savedCopy(request).then(saved => saved || fromNetwork(request, fetch)));
    return;
  }
  event.respondWith((async () => {
    try {
      return await fromNetwork(request);
    } catch (offline) {
      const saved = await savedCopy(request);
      if (!saved && request.mode === "navigate" && url.pathname !== NOT_SAVED.pathname) {
        // Sent to the page at its own address, so that its styles and scripts load.
        return Response.redirect(NOT_SAVED.href, 302);
      }
      if (!saved) throw offline;
      const isPage = request.mode === "navigate" || (saved.headers.get("Content-Type") || "").includes("text/html");
      return isPage ? marked(saved) : saved;
    }
  })());
});
