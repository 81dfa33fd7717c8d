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
  // The box a save is for: the textarea itself, or the one its privacy confirmation is for.
  function boxOf(elt) {
    if (!elt) { return null; }
    if (elt.tagName === "TEXTAREA") { return elt; }
    if (elt.name && elt.name.indexOf("bekreft__") === 0) {
      return form.querySelector('textarea[name="' + elt.name.replace("bekreft__", "tekst__") + '"]');
    }
    return null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = boxOf(event.detail.elt);
    if (box) { sent.set(box, box.value); }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var box = boxOf(event.detail.elt);
    if (!box || !event.detail.successful) { return; }
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
