// tsunagu service worker: keeps the site, the search runtime and the index on the device
// so a kiosk keeps working with the network down. Written by `tsunagu build`; a new build
// changes VERSION, which replaces the cache as a whole.
"use strict";
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = "tsunagu-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((p) => new Request(p, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tsunagu-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(self.registration.scope)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const path = url.pathname.endsWith("/") ? url.pathname + "index.html" : url.pathname;
    const key = new URL(path, url.origin).href;
    const hit = await cache.match(key);
    const range = request.headers.get("Range");
    if (hit && range) return partial(hit, range);
    if (hit) return hit;
    try {
      const response = await fetch(request);
      // Only whole answers are kept: the Cache API refuses partial (206) ones.
      if (response.status === 200) cache.put(key, response.clone());
      return response;
    } catch (err) {
      const fallback = await cache.match(new URL("404.html", self.registration.scope).href);
      return fallback || Response.error();
    }
  })());
});

// The search reads the index by byte range: answered from the cached whole file.
async function partial(response, header) {
  const blob = await response.blob();
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  let start = m && m[1] !== "" ? Number(m[1]) : NaN;
  let end = m && m[2] !== "" ? Number(m[2]) : blob.size - 1;
  if (m && m[1] === "" && m[2] !== "") { start = Math.max(0, blob.size - Number(m[2])); end = blob.size - 1; }
  end = Math.min(end, blob.size - 1);
  if (!m || isNaN(start) || start > end) {
    return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + blob.size } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": response.headers.get("Content-Type") || "application/octet-stream",
      "Content-Range": "bytes " + start + "-" + end + "/" + blob.size,
      "Content-Length": String(end - start + 1),
    },
  });
}
