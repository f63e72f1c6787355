// search.js — search, for the search page (/search/) and the box in the header;
// dossier.js loads it when first needed. Progressive enhancement: without it, the
// search page says search needs JavaScript, and every page is reachable from the
// navigation.

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
    // Words typed before this script arrived are searched for now.
    if (input.value.trim()) input.dispatchEvent(new Event("input"));
  }
})();
