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

// Previews: hovering or focusing a link to an entry (any link with data-kind, as
// wikilinks and autolinked terms are written) shows a card with the entry's name, kind
// and summary. The data is in the link itself (written at build time); nothing is
// fetched. Without this script the summary is the link's title: its tooltip and
// accessible description. With it, the card is the description (aria-describedby),
// it stays open while the pointer is over it, and Escape closes it.
(function () {
  "use strict";
  var card = null;
  var current = null;
  var hideTimer = null;

  function ensureCard() {
    if (card) return card;
    card = document.createElement("div");
    card.id = "preview-card";
    card.className = "preview-card";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", cancelHide);
    card.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(card);
    return card;
  }

  function cancelHide() {
    if (hideTimer) {
      clearTimeout(hideTimer);
      hideTimer = null;
    }
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = setTimeout(hide, 250);
  }

  function hide() {
    cancelHide();
    if (card) card.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function show(link) {
    cancelHide();
    if (current === link) return;
    hide();
    var summary = link.getAttribute("data-summary");
    if (summary === null) {
      // The card replaces the native tooltip; the summary stays the link's
      // description for screen readers that reach it without focus or hover.
      summary = link.getAttribute("title") || "";
      link.setAttribute("data-summary", summary);
      link.removeAttribute("title");
      if (summary) link.setAttribute("aria-description", summary);
    }
    var box = ensureCard();
    box.textContent = "";
    var kind = document.createElement("span");
    kind.className = "preview-kind";
    kind.textContent = link.getAttribute("data-kind") || "";
    var name = document.createElement("strong");
    name.className = "preview-name";
    name.textContent = link.getAttribute("data-name") || link.textContent;
    box.appendChild(kind);
    box.appendChild(name);
    if (summary) {
      var text = document.createElement("p");
      text.textContent = summary;
      box.appendChild(text);
    }
    box.hidden = false;
    var rect = link.getBoundingClientRect();
    var width = Math.min(352, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    box.style.width = width + "px";
    box.style.left = left + window.scrollX + "px";
    box.style.top = rect.bottom + window.scrollY + 6 + "px";
    link.setAttribute("aria-describedby", "preview-card");
    current = link;
  }

  function previewLink(node) {
    return node && node.closest ? node.closest("a[data-kind]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = previewLink(event.target);
    if (link) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    if (previewLink(event.target)) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = previewLink(event.target);
    if (link) show(link);
  });
  document.addEventListener("focusout", function (event) {
    if (previewLink(event.target)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
})();
