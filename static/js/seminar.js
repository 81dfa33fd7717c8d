/* The seminar view on the projector (templates/veiledning/seminar.html): one part of the
   day at a time. Left/Right arrows and PageUp/PageDown (what a presenter's clicker sends)
   move back and on, Home and End go to the first and last part; the buttons at the bottom
   do the same. The part shown is in the address (#del-…), so a reload stays there. The
   shown task's answers are fetched by htmx every five seconds. Without this script every
   part is shown in turn. */
(function () {
  "use strict";

  var root = document.querySelector("[data-seminar]");
  if (!root) {
    return;
  }
  var parts = Array.prototype.slice.call(root.querySelectorAll("[data-part]"));
  if (!parts.length) {
    return;
  }
  var controls = document.querySelector("[data-seminar-controls]");
  var position = document.querySelector("[data-seminar-position]");
  var current = 0;
  var POLL_MS = 5000;

  document.documentElement.classList.add("seminar-js");

  function poll() {
    var answers = parts[current].querySelector("[data-svar]");
    if (answers && window.htmx) {
      window.htmx.trigger(answers, "seminar-poll");
    }
  }

  function show(index, focus) {
    index = Math.max(0, Math.min(parts.length - 1, index));
    parts.forEach(function (part, i) {
      part.hidden = i !== index;
    });
    var moved = index !== current;
    current = index;
    if (controls) {
      controls.querySelector('[data-seminar-move="-1"]').disabled = index === 0;
      controls.querySelector('[data-seminar-move="1"]').disabled = index === parts.length - 1;
    }
    if (position) {
      position.textContent = (position.getAttribute("data-text") || "{n} / {total}")
        .replace("{n}", String(index + 1))
        .replace("{total}", String(parts.length));
    }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + parts[index].id);
    }
    if (focus && moved) {
      var heading = parts[index].querySelector("h1, h2");
      if (heading) {
        heading.focus({ preventScroll: true });
      }
      window.scrollTo(0, 0);
    }
    if (moved) {
      poll();
    }
  }

  function indexOfHash() {
    var id = window.location.hash.slice(1);
    for (var i = 0; i < parts.length; i += 1) {
      if (parts[i].id === id) {
        return i;
      }
    }
    return 0;
  }

  var KEYS = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    if (Object.prototype.hasOwnProperty.call(KEYS, event.key)) {
      event.preventDefault();
      show(current + KEYS[event.key], true);
    } else if (event.key === "Home") {
      event.preventDefault();
      show(0, true);
    } else if (event.key === "End") {
      event.preventDefault();
      show(parts.length - 1, true);
    }
  });

  if (controls) {
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) {
        return;
      }
      if (button.hasAttribute("data-seminar-move")) {
        show(current + Number(button.getAttribute("data-seminar-move")), false);
      } else if (button.hasAttribute("data-seminar-fullscreen")) {
        if (document.fullscreenElement) {
          document.exitFullscreen();
        } else if (document.documentElement.requestFullscreen) {
          document.documentElement.requestFullscreen().catch(function () {});
        }
      }
    });
  }

  current = -1;
  show(indexOfHash(), false);
  window.setInterval(poll, POLL_MS);
})();
