// dossier.js — progressive enhancement only: every page works without it.
//
// Sortable tables: a <table data-sortable> gets a button in each column header that
// sorts its rows by that column (by each cell's data-sort value when present, else its
// text), and announces the order with aria-sort.
(function () {
  "use strict";

  // A cell's key: [group, value]. An empty data-sort (a value not disclosed) is null
  // and sorts last in either direction; data-sort-group (a currency) keeps values
  // that cannot be compared apart: rows sort by group first, always A to Z.
  function cellKey(row, index, numeric) {
    var cell = row.children[index];
    if (!cell) return [ "", null ];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    var group = cell.getAttribute("data-sort-group") || "";
    if (raw === "") return [ group, null ];
    if (numeric) {
      var n = parseFloat(raw);
      return [ group, isNaN(n) ? null : n ];
    }
    return [ group, raw.toLowerCase() ];
  }

  function sortTable(table, index, numeric, header) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellKey(a, index, numeric);
      var y = cellKey(b, index, numeric);
      if (x[1] === null || y[1] === null) {
        return (x[1] === null) - (y[1] === null);
      }
      if (x[0] !== y[0]) return x[0] < y[0] ? -1 : 1;
      var order = x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
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
// and summary, from the search index (fetched on the first preview). Hovering or
// focusing a citation (role=doc-biblioref) shows its source as the page's reference
// list gives it (publisher, title, date, kind, and whatever else the entry holds),
// read from the page itself. The card is the link's description (aria-describedby);
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

  // Each entry page's card (`preview.json` beside it: title, kind, snippet), by the
  // address of its folder; fetched on the first preview of a link to it.
  var cards = {};

  function cardUrl(link) {
    var url = new URL(link.getAttribute("href") || "", location.href);
    url.hash = "";
    url.search = "";
    if (url.pathname.slice(-1) !== "/") return null;
    return url.href + "preview.json";
  }

  function isCitation(link) {
    return link.getAttribute("role") === "doc-biblioref";
  }

  // A citation's source: its entry in the reference list (`#ref-1`) without the links
  // back, ids or tab stops; else (a page without references) its title and publisher.
  function fillCitation(box, link) {
    var href = link.getAttribute("href") || "";
    var ref = href.charAt(0) === "#" ? document.getElementById(href.slice(1)) : null;
    if (ref) {
      ref.childNodes.forEach(function (node) {
        if (!(node.classList && node.classList.contains("ref-back"))) box.appendChild(node.cloneNode(true));
      });
      box.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      box.querySelectorAll("a").forEach(function (a) { a.tabIndex = -1; });
      return;
    }
    var name = document.createElement("strong");
    name.className = "preview-name";
    name.textContent = link.dataset.title || "";
    var by = document.createElement("p");
    by.textContent = link.textContent;
    box.appendChild(name);
    box.appendChild(by);
  }

  function fill(box, link) {
    var page = cards[cardUrl(link)];
    page = page && page.card;
    box.textContent = "";
    if (isCitation(link)) return fillCitation(box, link);
    var kind = document.createElement("span");
    kind.className = "preview-kind";
    kind.textContent = page ? page.k : link.getAttribute("data-kind") || "";
    var name = document.createElement("strong");
    name.className = "preview-name";
    name.textContent = page ? page.t : link.textContent;
    box.appendChild(kind);
    box.appendChild(name);
    if (page && page.s) {
      var text = document.createElement("p");
      text.textContent = page.s;
      box.appendChild(text);
    }
  }

  function show(link) {
    cancelHide();
    if (current === link) return;
    hide();
    var box = ensureCard();
    // The card replaces the browser's own tooltip.
    if (link.title) {
      link.dataset.title = link.title;
      link.removeAttribute("title");
    }
    fill(box, link);
    var url = isCitation(link) ? null : cardUrl(link);
    if (url && !cards[url]) {
      var entry = cards[url] = { card: null };
      fetch(url).then(function (r) {
        if (!r.ok) throw new Error("preview: " + r.status);
        return r.json();
      }).then(function (card) {
        entry.card = card;
        if (current === link) fill(box, link);
      }, function () { delete cards[url]; /* the card keeps the link's own text */ });
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
    return node && node.closest ? node.closest("a[data-kind], a[role=doc-biblioref]") : null;
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

// Search lives in search.js, loaded when first needed: on the search page, or when the
// search box in the header is first focused or typed in. Pages that nobody searches
// from never load it.
(function () {
  "use strict";
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    var script = document.createElement("script");
    script.src = (document.documentElement.dataset.root || "./") + "search.js";
    document.head.appendChild(script);
  }
  if (document.getElementById("search-page-input")) load();
  var input = document.getElementById("site-search-input");
  if (input) {
    input.addEventListener("focus", load);
    input.addEventListener("input", load);
  }
})();
