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

async function fromNetwork(request) {
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function savedCopy(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, { ignoreSearch: true }))
    || (request.mode === "navigate" && await cache.match(new URL("index.html", SCOPE)));
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
    event.respondWith(savedCopy(request).then(saved => saved || fromNetwork(request)));
    return;
  }
  event.respondWith((async () => {
    try {
      return await fromNetwork(request);
    } catch (offline) {
      const saved = await savedCopy(request);
      if (!saved) throw offline;
      const isPage = request.mode === "navigate" || (saved.headers.get("Content-Type") || "").includes("text/html");
      return isPage ? marked(saved) : saved;
    }
  })());
});
