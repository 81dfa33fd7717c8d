// The group-task page: each box autosaves (htmx, see templates/veiledning/oppgaver.html).
// A box typed in and not yet saved is "unsaved": leaving the page then asks first.
(function () {
  "use strict";
  var form = document.getElementById("oppgaver-form");
  if (!form) { return; }
  var sent = new WeakMap();
  var submitting = false;

  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { event.target.dataset.unsaved = "1"; }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = event.detail.elt;
    if (box && box.tagName === "TEXTAREA") { sent.set(box, box.value); }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var box = event.detail.elt;
    if (!box || box.tagName !== "TEXTAREA" || !event.detail.successful) { return; }
    var status = document.getElementById(box.name.replace("tekst__", "status__"));
    if (status && status.querySelector("[data-lagret]") && sent.get(box) === box.value) {
      delete box.dataset.unsaved;
    }
  });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (submitting || !form.querySelector("textarea[data-unsaved]")) { return; }
    event.preventDefault();
    event.returnValue = form.dataset.unsaved;
  });
})();
