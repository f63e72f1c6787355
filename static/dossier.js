// dossier.js — progressive enhancement only: every page works without it.
//
// Sortable tables: a <table data-sortable> gets a button in each column header that
// sorts its rows by that column (by each cell's data-sort value when present, else its
// text), and announces the order with aria-sort.
(function () {
  "use strict";

  function cellKey(row, index, numeric) {
    var cell = row.children[index];
    if (!cell) return numeric ? 0 : "";
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (numeric) {
      var n = parseFloat(raw);
      return isNaN(n) ? 0 : n;
    }
    return raw.toLowerCase();
  }

  function sortTable(table, index, numeric, header) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellKey(a, index, numeric);
      var y = cellKey(b, index, numeric);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (!table.tHead || !table.tHead.rows.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      var numeric = th.getAttribute("data-sort-type") === "number";
      button.addEventListener("click", function () { sortTable(table, index, numeric, th); });
    });
    table.classList.add("is-sortable");
  }

  document.querySelectorAll("table[data-sortable]").forEach(enhance);
})();
