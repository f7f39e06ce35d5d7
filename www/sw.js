// Drydock's service worker: after one visit the playground loads and works with the network off.
// `cargo xtask build` fills in the build's fingerprint and asset list; unfilled (as under
// `trunk serve`) it stays out of the way and unregisters itself.
const BUILD = "__BUILD__";
const ASSETS = [/*__ASSETS__*/];
const CACHE = "drydock-" + BUILD;
const DEVELOPMENT = BUILD.startsWith("__");

self.addEventListener("install", (event) => {
  if (DEVELOPMENT) {
    self.skipWaiting();
    return;
  }
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(["./", ...ASSETS]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("drydock-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => (DEVELOPMENT ? self.registration.unregister() : self.clients.claim())),
  );
});

self.addEventListener("fetch", (event) => {
  if (DEVELOPMENT || event.request.method !== "GET") return;
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(event.request, { ignoreSearch: true }).then(
        (hit) =>
          hit ||
          fetch(event.request).catch(() =>
            event.request.mode === "navigate" ? cache.match("./index.html") : Response.error(),
          ),
      ),
    ),
  );
});
