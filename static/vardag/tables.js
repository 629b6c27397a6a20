/* Narrow screens: data tables read as stacked rows ("Label: value") instead of squeezed columns.
 *
 * Progressive enhancement: each table in the page's main content that has a header row gets the
 * class `table--stack` and, on every cell, the text of its column header as `data-label`; the
 * stylesheet stacks such tables below 40rem. Because CSS `display` changes drop the table
 * semantics in some browsers, the table, rows, headers and cells also get their ARIA table roles.
 * Without JavaScript the table stays a table inside its scrollable, keyboard-focusable wrapper.
 * Content swapped in by htmx is enhanced too. Opt out with class `table--no-stack`.
 */
(function () {
  "use strict";

  function headerTexts(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!row) { return null; }
    var texts = [];
    for (var i = 0; i < row.cells.length; i++) {
      var cell = row.cells[i];
      var text = (cell.textContent || "").replace(/\s+/g, " ").trim();
      for (var span = 0; span < (cell.colSpan || 1); span++) { texts.push(text); }
    }
    return texts;
  }

  function enhance(table) {
    if (table.classList.contains("table--stack") || table.classList.contains("table--no-stack")) { return; }
    var texts = headerTexts(table);
    if (!texts || texts.length < 2) { return; }
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var inHead = cell.parentNode.parentNode.tagName === "THEAD";
        if (cell.tagName === "TH") {
          cell.setAttribute("role", inHead || cell.scope === "col" ? "columnheader" : "rowheader");
        } else {
          cell.setAttribute("role", "cell");
        }
        if (!inHead && texts[column]) { cell.setAttribute("data-label", texts[column]); }
        column += cell.colSpan || 1;
      });
    });
    table.classList.add("table--stack");
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("main table"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { enhanceAll(event.target); });
})();
