// Behaviour lives here, never inline (CSP). Pages work without it.
(function () {
  "use strict";
  // One click to a PDF: when the report's box turns ready after the click, the download
  // starts by itself (once); the link stays for another try.
  document.addEventListener("htmx:load", function (event) {
    var link = event.detail.elt.querySelector && event.detail.elt.querySelector("[data-auto-download]");
    if (link) { link.removeAttribute("data-auto-download"); link.click(); }
  });
})();
(function () {
  "use strict";
  // Warn five minutes before the session ends for inactivity; any request renews it.
  var body = document.body;
  var seconds = parseInt(body.dataset.sessionSeconds || "0", 10);
  var warning = document.getElementById("session-warning");
  if (!seconds || !warning) { return; }
  var timer;
  function arm() {
    clearTimeout(timer);
    warning.hidden = true;
    timer = setTimeout(function () {
      warning.hidden = false;
      document.getElementById("session-continue").focus();
    }, Math.max(0, seconds - 300) * 1000);
  }
  document.getElementById("session-continue").addEventListener("click", function () {
    fetch(body.dataset.keepaliveUrl, { credentials: "same-origin" }).then(arm);
  });
  document.addEventListener("htmx:afterRequest", arm);  // autosave renews the session too
  arm();
})();
