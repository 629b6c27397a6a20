/* "Flytta upp" / "Flytta ner" after the browser's Back (templates/ideas/process_models.html).

   Each button sends the position to move its stage to, so the same form sent again is answered
   "already stage N". But pages for a signed-in person are not kept by the browser
   (Cache-Control: no-store): Back asks the server again and shows the order after the move,
   where the moved stage's button would move it once more (the tryout: 1 → 2 → 3). So a move
   sent from this page is remembered for this tab, and on a page reached by Back the same
   button of the same stage sends the position it was moved to: pressing it again repeats the
   move, which is a no-op, and the page that answers is an ordinary one again. Without
   JavaScript the buttons send their own positions. CSP-strict: a static file, no inline code. */
(function () {
  "use strict";

  var KEY = "vardag-stage-move";
  var MAX_AGE = 30 * 60 * 1000;

  function forms() {
    return document.querySelectorAll("form[data-stage-move]");
  }

  function same(form, move) {
    return (
      form.getAttribute("action") === move.action &&
      form.getAttribute("data-stage-move") === move.direction
    );
  }

  Array.prototype.forEach.call(forms(), function (form) {
    form.addEventListener("submit", function () {
      try {
        window.sessionStorage.setItem(
          KEY,
          JSON.stringify({
            action: form.getAttribute("action"),
            direction: form.getAttribute("data-stage-move"),
            position: form.elements.namedItem("position").value,
            at: Date.now(),
          })
        );
      } catch (e) {
        /* storage disabled: the buttons send their own positions */
      }
    });
  });

  var entries = window.performance && window.performance.getEntriesByType
    ? window.performance.getEntriesByType("navigation")
    : [];
  if (!entries.length || entries[0].type !== "back_forward") {
    return;
  }
  var move = null;
  try {
    move = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
  } catch (e) {
    move = null;
  }
  if (!move || Date.now() - move.at > MAX_AGE) {
    return;
  }
  Array.prototype.forEach.call(forms(), function (form) {
    if (same(form, move)) {
      form.elements.namedItem("position").value = move.position;
    }
  });
})();
