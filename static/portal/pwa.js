/* Registers the portal's service worker, found next to the manifest (/portal/sw.js). It stores only the
 * portal's static files and an offline page with help numbers (see reclaim/portal/views/pwa.py). */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.isSecureContext) { return; }
  var manifest = document.querySelector('link[rel="manifest"]');
  if (!manifest) { return; }
  var base = new URL(".", manifest.href);
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", base).href, { scope: base.pathname }).catch(function () {
      /* the portal works the same without it */
    });
  });
})();
