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

// The search index of this language edition (search-index.json at `data-home`,
// written at build time), fetched once, when first needed, by search and previews.
// Nothing leaves the site. A failed load is tried again next time.
var dossierIndex = (function () {
  "use strict";
  var loading = null;
  return function () {
    if (!loading) {
      var home = document.documentElement.dataset.home || document.documentElement.dataset.root || "./";
      loading = fetch(home + "search-index.json").then(function (r) {
        if (!r.ok) throw new Error("search index: " + r.status);
        return r.json();
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  };
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

  // The index's pages by path from the site root (`companies/anthropic/`).
  var pages = null;
  var root = new URL(document.documentElement.dataset.root || "./", location.href).pathname;

  function pathOf(link) {
    var path = new URL(link.getAttribute("href") || "", location.href).pathname;
    return path.indexOf(root) === 0 ? path.slice(root.length) : path;
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
    var page = pages && pages[pathOf(link)];
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
    if (!pages && !isCitation(link)) {
      dossierIndex().then(function (index) {
        pages = {};
        (index.docs || []).forEach(function (d) { pages[d.u] = d; });
        if (current === link) fill(box, link);
      }, function () { /* the card keeps the link's own text */ });
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

// Search: the search page (/search/) and the box in the header. The index
// (search-index.json, written at build time) is fetched the first time someone types;
// nothing leaves the site. Every word typed is a prefix ("constit" finds
// "constitutional"); a page must match them all. Arrow keys move through the results,
// Escape closes the header's list.
(function () {
  "use strict";
  // Each language edition has its own index and search page, at its home
  // (`data-home`); the pages an index lists are addressed from the site's root.
  var root = document.documentElement.dataset.root || "./";
  var home = document.documentElement.dataset.home || root;

  // A message from the page (`data-…` attributes written from the interface strings),
  // with {n} and {q} filled in.
  function say(element, name, n, query) {
    return (element.getAttribute("data-" + name) || "")
      .replace("{n}", function () { return String(n); })
      .replace("{q}", function () { return query; });
  }

  function load() {
    return dossierIndex();
  }

  // As `frontmatter::fold` does at build time: lower-case, decomposed, marks dropped,
  // the letters that do not decompose spelled out.
  var SPELLED = { "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th" };
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[łøđðıßæœþ]/g, function (c) { return SPELLED[c]; });
  }

  // The words of a query, without the stopwords the index leaves out; the word still
  // being typed (the last) stays, since it may be the start of a longer one.
  function words(query, index) {
    var all = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var stop = index.stopwords || [];
    return all.filter(function (w, i) { return i === all.length - 1 || stop.indexOf(w) < 0; });
  }

  // The first term not before `prefix`, by binary search over the sorted terms.
  function firstFrom(terms, prefix) {
    var lo = 0;
    var hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid][0] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function search(index, query) {
    var scores = null;
    words(query, index).forEach(function (word) {
      var found = {};
      for (var i = firstFrom(index.terms, word); i < index.terms.length; i++) {
        var term = index.terms[i][0];
        if (term.lastIndexOf(word, 0) !== 0) break;
        var postings = index.terms[i][1];
        var exact = term === word ? 2 : 1;
        for (var j = 0; j < postings.length; j += 2) {
          var doc = postings[j];
          found[doc] = Math.max(found[doc] || 0, postings[j + 1] * exact);
        }
      }
      if (scores === null) {
        scores = found;
      } else {
        var both = {};
        Object.keys(scores).forEach(function (doc) {
          if (found[doc]) both[doc] = scores[doc] + found[doc];
        });
        scores = both;
      }
    });
    if (!scores) return [];
    return Object.keys(scores)
      .map(function (doc) { return { doc: index.docs[doc], score: scores[doc] }; })
      .sort(function (a, b) { return b.score - a.score || a.doc.t.localeCompare(b.doc.t); });
  }

  function item(result) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + result.doc.u;
    a.appendChild(document.createTextNode(result.doc.t));
    // "Anthropic, company": the kind after the name, for the eye and the ear.
    var kind = document.createElement("span");
    kind.className = "result-kind";
    var comma = document.createElement("span");
    comma.className = "visually-hidden";
    comma.textContent = ", ";
    kind.appendChild(comma);
    kind.appendChild(document.createTextNode(result.doc.k));
    a.appendChild(kind);
    li.appendChild(a);
    if (result.doc.s) {
      var p = document.createElement("p");
      p.textContent = result.doc.s;
      li.appendChild(p);
    }
    return li;
  }

  // Arrow keys move between the links of `list`; ArrowUp from the first goes back to `input`.
  function arrows(input, list) {
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    list.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      if (event.key === "ArrowDown" && at + 1 < links.length) links[at + 1].focus();
      else if (event.key === "ArrowUp") (at > 0 ? links[at - 1] : input).focus();
    });
  }

  // The search page.
  var pageInput = document.getElementById("search-page-input");
  var pageList = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (pageInput && pageList && status) {
    var run = function () {
      var query = pageInput.value.trim();
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
      if (!query) {
        pageList.textContent = "";
        status.textContent = say(status, "prompt");
        return;
      }
      load().then(function (index) {
        if (pageInput.value.trim() !== query) return;
        var results = search(index, query);
        pageList.textContent = "";
        results.forEach(function (r) { pageList.appendChild(item(r)); });
        status.textContent = say(status, results.length === 1 ? "one" : "many", results.length, query);
      }, function () {
        status.textContent = say(status, "failed");
      });
    };
    pageInput.value = new URL(window.location.href).searchParams.get("q") || "";
    pageInput.addEventListener("input", run);
    pageInput.closest("form").addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    arrows(pageInput, pageList);
    run();
  }

  // The header box: the first results, under it, as you type.
  var input = document.getElementById("site-search-input");
  var popup = document.getElementById("search-popup");
  if (input && popup && !pageInput) {
    var list = document.createElement("ol");
    list.className = "search-results";
    list.id = "search-popup-results";
    list.setAttribute("aria-label", say(popup, "label"));
    popup.appendChild(list);
    var all = document.createElement("a");
    all.className = "search-all";
    popup.appendChild(all);
    // Tells screen readers what appeared under the box.
    var said = document.createElement("p");
    said.className = "visually-hidden";
    said.setAttribute("role", "status");
    popup.parentNode.appendChild(said);
    input.setAttribute("aria-controls", "search-popup-results");
    var close = function () {
      popup.hidden = true;
    };
    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (!query) return close();
      load().then(function (index) {
        if (input.value.trim() !== query) return;
        var results = search(index, query);
        list.textContent = "";
        results.slice(0, 8).forEach(function (r) { list.appendChild(item(r)); });
        all.href = home + "search/?q=" + encodeURIComponent(query);
        all.textContent = say(popup, results.length ? "all" : "none", results.length, query);
        said.textContent = results.length
          ? say(popup, "said", results.length, query)
          : all.textContent;
        popup.hidden = false;
      }, function () {
        list.textContent = "";
        all.href = home + "search/";
        all.textContent = say(popup, "failed");
        popup.hidden = false;
      });
    });
    popup.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        close();
        input.focus();
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close();
    });
    document.addEventListener("click", function (event) {
      if (!popup.contains(event.target) && event.target !== input) close();
    });
    // Leaving the box and its results with Tab closes them.
    input.form.addEventListener("focusout", function (event) {
      if (!input.form.contains(event.relatedTarget)) close();
    });
    arrows(input, popup);
  }
})();
