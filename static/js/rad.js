// The browser half of the privacy guard (the server checks again, core/privacy.py):
// text that may identify a person holds back autosave until the person confirms it.
(function () {
  "use strict";
  var NAMES = "Ola|Kari|Per|Pål|Espen|Jan|Anne|Inger|Ingrid|Hans|Lars|Ole|Nils|Knut|Arne|Bjørn|Kjell|Liv|Marit|" +
    "Randi|Anna|Emma|Nora|Sofie|Ella|Maja|Olivia|Leah|Sara|Ida|Ingeborg|Thea|Jakob|Emil|Noah|Oliver|Filip|" +
    "William|Lucas|Henrik|Aksel|Jonas|Magnus|Mathias|Sander|Tobias|Elias|Isak|Kristian|Martin|Morten|Karoline|" +
    "Mohammed|Ali|Ahmed|Fatima|Aisha|Maria|Julie|Hanna|Mia|Tiril|Vilde|Amalie|Frida|Synne|Silje|Marius|Even|Sindre|Eirik";
  var PATTERNS = [
    /(^|\D)\d{6}\s?\d{5}(?!\d)/,
    /(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+/,
    /(^|\D)(\+47[\s-]?)?(\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}|\d{3}[\s-]?\d{2}[\s-]?\d{3})(?!\d)/,
    new RegExp("\\b(" + NAMES + ")\\s+[A-ZÆØÅ][a-zæøå]+"),
    /(^|[^\wæøå])(autis|asperger|adhd|tourette|epilep|diabet|psykose|schizofren|bipolar|depresj|ptsd|angstlidelse|spiseforstyrr|cerebral parese|downs? syndrom|tilknytningsforstyrr|dysleksi|diagnose|utviklingshemm)/i
  ];

  function suspicious(text) {
    return PATTERNS.some(function (re) { return re.test(text || ""); });
  }

  function confirmed(form, name) {
    var box = form.querySelector('input[name="bekreft"][value="' + name + '"]');
    return box && box.checked;
  }

  // The same markup as templates/risikovurdering/_privacy.html.
  function prompt(form, field) {
    var panel = form.querySelector("#personvern");
    if (panel.querySelector('[data-field="' + field.name + '"]')) { return; }
    var box = document.createElement("div");
    box.className = "ds-alert privacy-prompt";
    box.setAttribute("data-color", "warning");
    box.setAttribute("data-field", field.name);
    var title = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = form.dataset.privacyTitle;
    title.appendChild(strong);
    var label = document.querySelector('label[for="' + field.id + '"]');
    if (label) { title.appendChild(document.createTextNode(" (" + label.textContent.replace("*", "").trim() + ")")); }
    var text = document.createElement("p");
    text.textContent = form.dataset.privacyText;
    var check = document.createElement("ds-field");
    check.className = "ds-field";
    var input = document.createElement("input");
    input.type = "checkbox"; input.name = "bekreft"; input.value = field.name;
    input.id = "bekreft-" + field.name; input.className = "ds-input";
    var inputLabel = document.createElement("label");
    inputLabel.className = "ds-label"; inputLabel.htmlFor = input.id;
    inputLabel.setAttribute("data-weight", "regular");
    inputLabel.textContent = form.dataset.privacyConfirm;
    check.appendChild(input); check.appendChild(inputLabel);
    box.appendChild(title); box.appendChild(text); box.appendChild(check);
    panel.appendChild(box);
  }

  // Someone else saved this row meanwhile: the autosave brings the conflict panel (both
  // versions, field by field, and the two choices). Bring it into view and move focus to it
  // once per stored version, so typing on afterwards is not interrupted by every later save.
  var shownVersion = null;
  function showConflict() {
    var panel = document.querySelector("#konflikt .conflict");
    if (!panel) { shownVersion = null; return; }
    if (panel.dataset.versjon === shownVersion) {
      // A later autosave replaced the panel the person was reading: keep them there.
      if (document.activeElement === document.body) { panel.focus({ preventScroll: true }); }
      return;
    }
    shownVersion = panel.dataset.versjon;
    panel.scrollIntoView({ block: "nearest" });
    panel.focus({ preventScroll: true });
  }
  document.addEventListener("htmx:afterSettle", showConflict);
  // Without an autosave (the page came back from "Lagre" with a conflict) the same holds.
  document.addEventListener("DOMContentLoaded", showConflict);

  document.addEventListener("htmx:confirm", function (event) {
    var form = event.target;
    if (!form || form.id !== "rad-form") { return; }
    var held = false;
    form.querySelectorAll("[data-privacy]").forEach(function (field) {
      if (suspicious(field.value) && !confirmed(form, field.name)) {
        prompt(form, field);
        held = true;
      }
    });
    if (held) {
      event.preventDefault();
      var status = document.getElementById("lagrestatus");
      if (status) { status.textContent = form.dataset.privacyTitle + "."; }
    }
  });
})();
