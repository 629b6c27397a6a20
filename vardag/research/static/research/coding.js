// Progressive enhancement for the coding page: selecting text with the mouse or keyboard
// (shift + arrows) fills in the exact character offsets of the no-JS coding form.
(function () {
  "use strict";
  var container = document.getElementById("source-text");
  var form = document.getElementById("coding-form");
  if (!container || !form) { return; }
  var startField = form.querySelector("[name=start]");
  var endField = form.querySelector("[name=end]");
  var status = document.getElementById("selection-status");

  function offsetOf(node, offset) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    var paragraph = element && element.closest(".paragraph");
    if (!paragraph || !container.contains(paragraph)) { return null; }
    var range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(node, offset);
    return parseInt(paragraph.dataset.start, 10) + range.toString().length;
  }

  function update() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return; }
    var range = selection.getRangeAt(0);
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) { return; }
    startField.value = start;
    endField.value = end;
    if (status) {
      var text = range.toString();
      status.textContent = (document.documentElement.lang === "en" ? "Selected: " : "Markerat: ") +
        "\u201d" + (text.length > 80 ? text.slice(0, 80) + "\u2026" : text) + "\u201d";
    }
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (selection && selection.anchorNode && container.contains(selection.anchorNode)) { update(); }
  });
})();
