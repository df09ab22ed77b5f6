/* Survivor portal safety (DOMAIN.md section 13).
 * Quick exit: the button, or Shift pressed three times within 5 seconds. The page is blanked at once, the
 * portal session is ended with a beacon, and the browser goes to a neutral site REPLACING this history entry.
 * Single history entry: links and forms inside the portal replace the current entry instead of adding one,
 * so after a quick exit Back does not lead into the portal. Without script everything still works; only the
 * history protection is lost (the staying-safe page says how to clear history). */
(function () {
  "use strict";
  var exitLink = document.querySelector("[data-quick-exit]");
  if (!exitLink) { return; }
  var exitUrl = exitLink.getAttribute("href");
  var beaconUrl = exitLink.getAttribute("data-beacon");
  var leaving = false;

  function leave() {
    if (leaving) { return; }
    leaving = true;
    document.title = "";
    document.documentElement.className += " portal-exiting";
    try {
      if (beaconUrl && navigator.sendBeacon) { navigator.sendBeacon(beaconUrl); }
    } catch (ignored) { /* leaving matters more than signing out */ }
    window.location.replace(exitUrl);
  }

  exitLink.addEventListener("click", function (event) { event.preventDefault(); leave(); });

  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (at) { return now - at < 5000; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  });

  // A page brought back from the back-forward cache is reloaded, so a signed-out session shows nothing.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { window.location.reload(); } });

  function samePortal(url) {
    return url.origin === window.location.origin && url.pathname.indexOf("/portal/") === 0;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.hasAttribute("download") || link.target || link.hasAttribute("data-quick-exit")) { return; }
    var url = new URL(link.href, window.location.href);
    if (!samePortal(url)) { return; }
    event.preventDefault();
    window.location.replace(url.href);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !window.fetch || !window.FormData) { return; }
    var url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    if (!samePortal(url)) { return; }
    var method = (form.getAttribute("method") || "get").toLowerCase();
    event.preventDefault();
    if (method === "get") {
      var query = new URLSearchParams(new FormData(form)).toString();
      window.location.replace(url.pathname + (query ? "?" + query : ""));
      return;
    }
    var buttons = form.querySelectorAll("button, input[type=submit]");
    buttons.forEach(function (button) { button.disabled = true; });
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) { body.append(event.submitter.name, event.submitter.value); }
    fetch(url.href, { method: "POST", body: body, credentials: "same-origin", redirect: "follow" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.redirected && type.indexOf("text/html") === 0) {
          window.location.replace(response.url);
          return null;
        }
        if (type.indexOf("text/html") !== 0) { window.location.replace(window.location.href); return null; }
        return response.text().then(function (html) {
          document.open();
          document.write(html);
          document.close();
        });
      })
      .catch(function () { form.submit(); });
  });
})();
