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

// The search index of this language edition (`search-index/` at `data-home`, written
// at build time), in shards fetched when a query needs them: `meta.json` (the
// stopwords, the first token of each term shard), term shards `t/N.json` and listing
// chunks `d/N.json` (see src/render/search.rs). Each file is fetched once; a failed
// load is tried again next time. Nothing leaves the site.
var dossierIndex = (function () {
  "use strict";
  var home = document.documentElement.dataset.home || document.documentElement.dataset.root || "./";
  var files = {};
  function get(name) {
    if (!files[name]) {
      files[name] = fetch(home + "search-index/" + name).then(function (r) {
        if (!r.ok) throw new Error("search index: " + r.status);
        return r.json();
      });
      files[name].catch(function () { delete files[name]; });
    }
    return files[name];
  }
  return {
    meta: function () { return get("meta.json"); },
    shard: function (n) { return get("t/" + n + ".json"); },
    chunk: function (n) { return get("d/" + n + ".json"); }
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

  // As `frontmatter::fold` does at build time: lower-case, decomposed, marks dropped,
  // the letters that do not decompose spelled out.
  var SPELLED = { "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th" };
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[łøđðıßæœþ]/g, function (c) { return SPELLED[c]; });
  }

  // The words of a query, without the stopwords the index leaves out; the word still
  // being typed (the last) stays, since it may be the start of a longer one.
  function words(query, meta) {
    var all = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var stop = meta.stopwords || [];
    return all.filter(function (w, i) { return i === all.length - 1 || stop.indexOf(w) < 0; });
  }

  // The first item of a sorted list not before `prefix` (`key` reads an item's token).
  function firstFrom(list, prefix, key) {
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (key(list[mid]) < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // A word's prefix can span several term shards; past this many, only the word
  // itself is looked up (a word of one or two letters being typed would otherwise
  // fetch a large part of the index).
  var PREFIX_SHARDS = 2;

  // The term shards a word needs, and whether to match it as a prefix: the shard its
  // tokens start in, and the next ones while their first token still starts with it.
  function shardsFor(word, firsts) {
    var at = Math.max(0, firstFrom(firsts, word, function (t) { return t; }) - 1);
    if (at + 1 < firsts.length && firsts[at + 1] === word) at++;
    var end = at + 1;
    while (end < firsts.length && firsts[end].lastIndexOf(word, 0) === 0) end++;
    var prefix = end - at <= PREFIX_SHARDS;
    var list = [];
    for (var i = at; i < (prefix ? end : at + 1); i++) list.push(i);
    return { shards: list, prefix: prefix };
  }

  // A token's postings, as numbers: written in base 32, lowest digits first, each
  // digit one of 64 characters, the upper half when more digits follow.
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function decode(text) {
    var out = [];
    var n = 0;
    var shift = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGITS.indexOf(text.charAt(i));
      n += (digit & 31) * Math.pow(2, shift);
      shift += 5;
      if (digit < 32) {
        out.push(n);
        n = 0;
        shift = 0;
      }
    }
    return out;
  }

  // The pages matching every word of `query`, best first: [{ n, score }], `n` being
  // the page's number (pages are numbered by title, so ties sort by title).
  function search(query) {
    return dossierIndex.meta().then(function (meta) {
      var ws = words(query, meta);
      var plans = ws.map(function (w) { return shardsFor(w, meta.shards || []); });
      var needed = [];
      plans.forEach(function (p) {
        p.shards.forEach(function (n) { if (needed.indexOf(n) < 0) needed.push(n); });
      });
      return Promise.all(needed.map(dossierIndex.shard)).then(function (loaded) {
        var shards = {};
        needed.forEach(function (n, i) { shards[n] = loaded[i]; });
        var scores = null;
        ws.forEach(function (word, w) {
          var found = {};
          plans[w].shards.forEach(function (n) {
            var terms = shards[n];
            for (var i = firstFrom(terms, word, function (t) { return t[0]; }); i < terms.length; i++) {
              var term = terms[i][0];
              if (term.lastIndexOf(word, 0) !== 0) break;
              var exact = term === word;
              if (!exact && !plans[w].prefix) break;
              var numbers = decode(terms[i][1]);
              var doc = 0;
              for (var j = 0; j < numbers.length; j += 2) {
                doc += numbers[j];
                found[doc] = Math.max(found[doc] || 0, numbers[j + 1] * (exact ? 2 : 1));
              }
            }
          });
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
          .map(function (doc) { return { n: Number(doc), score: scores[doc] }; })
          .sort(function (a, b) { return b.score - a.score || a.n - b.n; });
      });
    });
  }

  // The listings ({u, t, k, s}) of `results`, fetched by chunk.
  function listings(results) {
    return dossierIndex.meta().then(function (meta) {
      var size = meta.chunk || 8;
      var chunks = [];
      results.forEach(function (r) {
        var c = Math.floor(r.n / size);
        if (chunks.indexOf(c) < 0) chunks.push(c);
      });
      return Promise.all(chunks.map(dossierIndex.chunk)).then(function (loaded) {
        var byChunk = {};
        chunks.forEach(function (c, i) { byChunk[c] = loaded[i]; });
        return results.map(function (r) {
          return { doc: byChunk[Math.floor(r.n / size)][r.n % size], score: r.score };
        });
      });
    });
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

  // `f`, run once typing pauses: a query per word typed, not per letter, so a reader
  // fetches the shards of the words they type, not of every prefix on the way.
  function debounced(f) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(f, 120);
    };
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
      search(query).then(function (results) {
        if (pageInput.value.trim() !== query) return;
        pageList.textContent = "";
        status.textContent = say(status, results.length === 1 ? "one" : "many", results.length, query);
        more(results, 0);
      }).catch(function () {
        status.textContent = say(status, "failed");
      });
    };
    // Results come a page at a time: the listings of the next PAGE, then a button for
    // the rest.
    var PAGE = 10;
    var moreButton = null;
    var more = function (results, from) {
      var query = pageInput.value.trim();
      if (moreButton) { moreButton.remove(); moreButton = null; }
      listings(results.slice(from, from + PAGE)).then(function (shown) {
        if (pageInput.value.trim() !== query) return;
        shown.forEach(function (r) { pageList.appendChild(item(r)); });
        if (from + PAGE < results.length) {
          moreButton = document.createElement("button");
          moreButton.type = "button";
          moreButton.className = "search-more";
          moreButton.textContent = say(status, "more", results.length - from - PAGE, query);
          moreButton.addEventListener("click", function () {
            var next = pageList.children.length;
            more(results, from + PAGE);
            // Focus moves to the first new result once it is there.
            var wait = setInterval(function () {
              var link = pageList.children[next] && pageList.children[next].querySelector("a");
              if (link) { clearInterval(wait); link.focus(); }
            }, 20);
            setTimeout(function () { clearInterval(wait); }, 3000);
          });
          pageList.parentNode.insertBefore(moreButton, pageList.nextSibling);
        }
      }).catch(function () {
        status.textContent = say(status, "failed");
      });
    };
    pageInput.value = new URL(window.location.href).searchParams.get("q") || "";
    pageInput.addEventListener("input", debounced(run));
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
    input.addEventListener("input", debounced(function () {
      var query = input.value.trim();
      if (!query) return close();
      search(query).then(function (results) {
        return listings(results.slice(0, 8)).then(function (shown) { return [results, shown]; });
      }).then(function (found) {
        if (input.value.trim() !== query) return;
        var results = found[0];
        list.textContent = "";
        found[1].forEach(function (r) { list.appendChild(item(r)); });
        all.href = home + "search/?q=" + encodeURIComponent(query);
        all.textContent = say(popup, results.length ? "all" : "none", results.length, query);
        said.textContent = results.length
          ? say(popup, "said", results.length, query)
          : all.textContent;
        popup.hidden = false;
      }).catch(function () {
        list.textContent = "";
        all.href = home + "search/";
        all.textContent = say(popup, "failed");
        popup.hidden = false;
      });
    }));
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
