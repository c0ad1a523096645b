// The service worker: the site keeps working at training when the signal drops.
// The build (scripts/warmup/finish/offline.py) writes VERSION and FILES above this line
// and minifies the whole into site/sw.js. FILES lists the built site, VERSION is a hash
// of every file's content, so a new build gives a new cache and the old one is deleted.
//
// - Pages: from the network first, so an online reader gets the latest; from the
//   cache when the network fails or is too slow to be worth waiting for.
// - Everything else that was cached (styles, scripts, cards, icons): from the cache.

const SLOW_NETWORK_MS = 4000;
// The site's root, whatever path it is published under (sw.js sits there).
const ROOT = new URL("./", self.location).href;
const PREFIX = "warmups " + ROOT + " ";
const CACHE = PREFIX + VERSION;
const CACHED = new Set(FILES.map((file) => new URL(file, ROOT).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      // "reload": fetch past the HTTP cache, so this cache holds this build only.
      .then((cache) => cache.addAll([...CACHED].map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(ROOT)) return;
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  if (request.mode === "navigate") event.respondWith(networkFirst(request, url.href));
  else if (CACHED.has(url.href)) event.respondWith(cacheFirst(request, url.href));
});

function cacheFirst(request, key) {
  return caches.open(CACHE)
    .then((cache) => cache.match(key))
    .then((cached) => cached || fetch(request));
}

function networkFirst(request, key) {
  const fromCache = () => caches.open(CACHE).then((cache) => cache.match(key));
  const network = fetch(request);
  // After a while on a weak signal, the cached page (if any) wins; else keep waiting.
  const late = new Promise((resolve) => setTimeout(resolve, SLOW_NETWORK_MS))
    .then(fromCache)
    .then((cached) => cached || network);
  network.catch(() => {});
  return Promise.race([network, late])
    .catch(() => fromCache().then((cached) => cached || Response.error()));
}
