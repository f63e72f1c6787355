#!/usr/bin/env bash
# Checks that two `dossier` binaries build byte-identical sites: for a change meant to
# keep behaviour (a restructuring), build the old binary first, then run
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY
#
# It builds the bundled dossier (with and without drafts, at the root and under a
# sub-path) and a 10,000-note synthetic dossier (examples/gen_dossier.rs) with both and
# compares every file. Work happens under $SAME_DIR (default /dev/shm/dossier-same).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "$2")
dir=${SAME_DIR:-/dev/shm/dossier-same}
notes=${NOTES:-10000}
mkdir -p "$dir"
if [ ! -d "$dir/gen$notes" ]; then
  cargo run --release --quiet --example gen_dossier -- --notes "$notes" --out "$dir/gen$notes" >/dev/null
fi
status=0
same() {
  local name=$1; shift
  rm -rf "$dir/old-$name" "$dir/new-$name"
  "$old" build --quiet "$@" --output "$dir/old-$name"
  "$new" build --quiet "$@" --output "$dir/new-$name"
  if diff -r -q "$dir/old-$name" "$dir/new-$name" >"$dir/diff-$name"; then
    echo "same: $name ($(find "$dir/new-$name" -type f | wc -l) files)"
  else
    echo "DIFFERENT: $name ($(wc -l <"$dir/diff-$name") files; see $dir/diff-$name)"
    status=1
  fi
}
same bundled
same bundled-drafts --drafts
same bundled-subpath --base-url https://example.org/sub/path/
same "gen$notes" --root "$dir/gen$notes"
exit $status
