#!/usr/bin/env bash
# The speed benchmark: builds synthetic dossiers of several sizes with `dossier build`
# and with the floor (bare pulldown-cmark + syntect, in parallel: examples/floor.rs),
# alternately, and prints a Markdown table of wall time, CPU time, peak memory, ms per
# page and the ratio to the floor measured in the same run. See docs/performance.md.
#
#   bench/run.sh                  # 1,000, 10,000 and 50,000 notes, 3 pairs each
#   SIZES="1000 10000" RUNS=5 bench/run.sh
#
# Needs GNU time (/usr/bin/time, Debian package `time`) and python3. Everything happens
# under $BENCH_DIR (default /dev/shm/dossier-bench, a tmpfs): on a disk, deleting and
# recreating tens of thousands of files makes the kernel's bookkeeping dominate.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 50000"}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/dev/shm/dossier-bench}

[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench: needs python3" >&2; exit 1; }

cargo build --release --quiet --bin dossier --example gen_dossier --example floor --example incremental
bin=target/release
mkdir -p "$BENCH_DIR"
results="$BENCH_DIR/results.tsv"
: > "$results"

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

for size in $SIZES; do
  dir="$BENCH_DIR/d$size"
  if [ ! -f "$dir/.generated" ]; then
    rm -rf "$dir"
    "$bin/examples/gen_dossier" --notes "$size" --out "$dir"
    touch "$dir/.generated"
  fi
  echo "bench: $size notes ($(du -sh "$dir/content" | cut -f1) of content), $RUNS pairs" >&2
  for _ in $(seq "$RUNS"); do
    measure "$size" floor "$BENCH_DIR/floor-out" "$bin/examples/floor" "$dir" "$BENCH_DIR/floor-out"
    measure "$size" dossier "$BENCH_DIR/dossier-out" \
      "$bin/dossier" build --quiet --root "$dir" --output "$BENCH_DIR/dossier-out"
  done
done
rm -rf "$BENCH_DIR/floor-out" "$BENCH_DIR/dossier-out"

# `serve` after an edit to one note, on the 10,000-note dossier (or the largest below).
serve_size=""
for size in $SIZES; do
  if [ -z "$serve_size" ] || [ "$size" -le 10000 ]; then serve_size=$size; fi
done
echo "bench: serve, an edit to one note of the $serve_size-note dossier" >&2
"$bin/examples/incremental" "$BENCH_DIR/d$serve_size" > "$BENCH_DIR/serve.tsv"

python3 - "$results" "$BENCH_DIR/serve.tsv" "$serve_size" <<'PY'
import statistics, sys
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
    runs = {t: [r for r in rows if int(r[0]) == size and r[1] == t] for t in ("floor", "dossier")}
    # Pairs ran alternately: the ratio is the median of the per-pair ratios.
    ratios = [float(d[2]) / float(f[2]) for f, d in zip(runs["floor"], runs["dossier"])]
    for tool in ("floor", "dossier"):
        rs = runs[tool]
        wall = statistics.median(float(r[2]) for r in rs)
        cpu = statistics.median(float(r[3]) + float(r[4]) for r in rs)
        mem = statistics.median(int(r[5]) for r in rs) / 1024
        pages = int(rs[0][6])
        walls[(size, tool)] = wall
        ratio = "1" if tool == "floor" else f"{statistics.median(ratios):.2f}"
        print(f"| {size:,} | {tool} | {pages:,} | {wall:.2f} | {cpu:.2f} | {mem:.0f} | {wall / pages * 1000:.3f} | {ratio} |")
for a, b in zip(sizes, sizes[1:]):
    print(f"\ngrowth {a:,} → {b:,} notes (×{b / a:g} input): dossier ×{walls[(b, 'dossier')] / walls[(a, 'dossier')]:.2f}, floor ×{walls[(b, 'floor')] / walls[(a, 'floor')]:.2f}")
full = float(serve[0][1])
edits = [r for r in serve if r[0] == "edit"]
page = statistics.median(float(r[1]) for r in edits)
whole = statistics.median(float(r[2]) for r in edits)
pages = statistics.median(int(r[3]) for r in edits)
print(f"\nserve, {int(sys.argv[3]):,} notes: first build {full:.0f} ms; after an edit to one note, "
      f"the changed page is ready in {page:.0f} ms ({page / full:.1%} of the first build; "
      f"{pages:g} entry page(s) rendered again), the whole site in {whole:.0f} ms ({whole / full:.1%}).")
PY
