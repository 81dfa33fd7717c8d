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
(function () {
  "use strict";
  // Nothing typed is lost: leaving a page with free text not yet saved asks first. A form
  // counts when it has a textarea (or data-unsaved-warning). Submitting it, or an autosave
  // that stored every edit made so far (the response says X-Saved: 1), makes it clean.
  var edits = new Map();  // form -> {made: edits typed, sent: edits an autosave carried}
  function watched(form) {
    return form && form.method === "post" && !form.hasAttribute("data-no-unsaved-warning") &&
      (form.querySelector("textarea") || form.hasAttribute("data-unsaved-warning"));
  }
  function formOf(elt) { return elt && (elt.form || (elt.closest && elt.closest("form"))); }
  document.addEventListener("input", function (event) {
    var form = formOf(event.target);
    if (!watched(form)) { return; }
    var state = edits.get(form) || { made: 0, sent: 0 };
    state.made += 1;
    edits.set(form, state);
  });
  document.addEventListener("submit", function (event) { edits.delete(event.target); }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var state = edits.get(formOf(event.detail.elt));
    if (state) { state.sending = state.made; }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = formOf(event.detail.elt);
    var state = edits.get(form);
    var saved = event.detail.xhr && event.detail.xhr.getResponseHeader("X-Saved") === "1";
    if (state && saved && state.sending === state.made) { edits.delete(form); }
  });
  window.addEventListener("beforeunload", function (event) {
    for (var [form] of edits) {
      if (form.isConnected) { event.preventDefault(); event.returnValue = ""; return ""; }
    }
  });
})();
