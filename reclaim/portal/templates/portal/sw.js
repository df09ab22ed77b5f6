{% autoescape off %}/* The portal's service worker (reclaim/portal/views/pwa.py). It stores ONLY the portal's static files and an
 * offline page with the default help lines, all fetched without cookies when it is installed. It never stores
 * a page a person opened, a signed-in page, or any answer: it does not write to its cache after installing.
 * Without a connection, a page of the portal shows the offline page instead of the browser's error. */
"use strict";
var CACHE = "{{ cache_name }}";
var OFFLINE_URL = {{ offline_url }};
var PRECACHE = {{ precache }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(PRECACHE.map(function (url) {
        return fetch(url, { credentials: "omit", cache: "no-store" }).then(function (response) {
          if (!response.ok) { throw new Error("not stored: " + url); }
          return cache.put(url, response);
        });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key !== CACHE; }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    // Pages always come from the network; the stored offline page is only the fallback.
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE_URL); }));
    return;
  }
  if (PRECACHE.indexOf(url.pathname) !== -1 && url.search === "") {
    event.respondWith(fetch(request).catch(function () { return caches.match(url.pathname); }));
  }
});
{% endautoescape %}
