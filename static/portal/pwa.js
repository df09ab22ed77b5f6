/* Registers the portal's service worker (/portal/sw.js) only when the person asks for it with the
 * "Use this site like an app" button on "Staying safe online": a registered worker is itself a trace on the
 * phone (DOMAIN.md section 13), so it is never added silently. It stores only the portal's static files and an
 * offline page with help numbers (reclaim/portal/views/pwa.py). */
(function () {
  "use strict";
  var button = document.querySelector("[data-install-app]");
  var status = document.querySelector("[data-install-status]");
  if (!button) { return; }
  if (!("serviceWorker" in navigator) || !window.isSecureContext) {
    button.hidden = true;
    if (status) { status.textContent = status.getAttribute("data-unavailable"); }
    return;
  }
  var manifest = document.querySelector('link[rel="manifest"]');
  if (!manifest) { return; }
  var base = new URL(".", manifest.href);
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.serviceWorker.register(new URL("sw.js", base).href, { scope: base.pathname }).then(function () {
      if (status) { status.textContent = status.getAttribute("data-done"); }
    }).catch(function () {
      if (status) { status.textContent = status.getAttribute("data-unavailable"); }
    });
  });
})();
