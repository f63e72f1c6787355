#!/usr/bin/env bash
# Installs a released dossier binary: the step of the GitHub Action (action.yml) that
# downloads it. Takes the archive that the release workflow (dist, see
# docs/releasing.md) built for this machine, checks it against the SHA-256 published
# beside it, unpacks it and checks that the binary runs and is the version asked for.
# Runs on Linux, macOS and Windows (Git Bash) runners.
#
# Environment:
#   DOSSIER_VERSION       the version to install: 0.1.0 (a leading "v" is allowed)
#   DOSSIER_DOWNLOAD_URL  the folder of the release's files; default
#                         $DOSSIER_RELEASES/v$DOSSIER_VERSION
#   DOSSIER_RELEASES      where the releases are: https://github.com/OWNER/dossier/releases/download
#   DOSSIER_DEST          the folder to put the binary in
#   DOSSIER_SHA256        the archive's SHA-256, if the caller keeps its own; default:
#                         the .sha256 file published beside the archive
#   DOSSIER_OS, DOSSIER_ARCH  the runner's ${{ runner.os }} and ${{ runner.arch }}
#                         (Linux, macOS, Windows; X64, ARM64); default: this machine's
# Prints the installed binary's path.
set -euo pipefail

fail() {
  echo "error: $*" >&2
  exit 1
}

version=${DOSSIER_VERSION:-}
version=${version#v}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] ||
  fail "\`${DOSSIER_VERSION:-}\` is not a dossier version: give one like 0.1.0 (the action's \`version\` input)"
dest=${DOSSIER_DEST:?DOSSIER_DEST must name the folder to install into}

os=${DOSSIER_OS:-$(uname -s)}
arch=${DOSSIER_ARCH:-$(uname -m)}
case "$os" in
  Linux) os=linux ;;
  macOS | Darwin) os=macos ;;
  Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
esac
case "$arch" in
  X64 | x86_64 | amd64) arch=x64 ;;
  ARM64 | aarch64 | arm64) arch=arm64 ;;
esac
# The targets the release builds (dist-workspace.toml's `targets`).
exe=dossier
case "$os/$arch" in
  linux/x64) target=x86_64-unknown-linux-gnu ;;
  linux/arm64) target=aarch64-unknown-linux-gnu ;;
  macos/x64) target=x86_64-apple-darwin ;;
  macos/arm64) target=aarch64-apple-darwin ;;
  # Windows on Arm runs x64 programs.
  windows/x64 | windows/arm64) target=x86_64-pc-windows-msvc exe=dossier.exe ;;
  *)
    fail "no dossier release is built for ${DOSSIER_OS:-$os} on ${DOSSIER_ARCH:-$arch}: use a Linux, macOS or Windows runner on x64 or ARM64, or install with \`cargo install --locked --git <repository> --tag v$version dossier\`"
    ;;
esac
if [ "$os" = windows ]; then archive="dossier-$target.zip"; else archive="dossier-$target.tar.xz"; fi

if [ -z "${DOSSIER_DOWNLOAD_URL:-}" ]; then
  releases=${DOSSIER_RELEASES:?DOSSIER_RELEASES or DOSSIER_DOWNLOAD_URL must say where the releases are}
  DOSSIER_DOWNLOAD_URL="$releases/v$version"
fi
base=${DOSSIER_DOWNLOAD_URL%/}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {
  # https only (file: for a copy on this machine); retried, since a runner's network
  # can fail for a moment.
  curl --proto '=https,file' --fail --silent --show-error --location \
    --retry 3 --retry-delay 2 --output "$2" "$1" ||
    fail "cannot download $1: is dossier $version released (see the repository's Releases page), and for this platform ($target)?"
}
fetch "$base/$archive" "$work/$archive"
if [ -n "${DOSSIER_SHA256:-}" ]; then
  expected=$(printf '%s' "$DOSSIER_SHA256" | tr 'A-F' 'a-f')
  [[ $expected =~ ^[0-9a-f]{64}$ ]] ||
    fail "\`$DOSSIER_SHA256\` is not a SHA-256 (64 hexadecimal digits): give the one of $archive (the action's \`sha256\` input)"
  published=the
else
  fetch "$base/$archive.sha256" "$work/$archive.sha256"
  # The .sha256 file reads "<hex> *<file name>", as sha256sum writes it.
  expected=$(tr -d '\r' <"$work/$archive.sha256" | awk 'NR == 1 { print tolower($1) }')
  [[ $expected =~ ^[0-9a-f]{64}$ ]] || fail "$base/$archive.sha256 holds no SHA-256"
  published="its published"
fi
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$work/$archive" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')
fi
actual=${actual#\\}
[ "$actual" = "$expected" ] ||
  fail "$archive does not match $published SHA-256 (expected $expected, got $actual): the download is damaged or not the released file; nothing was installed"

mkdir -p "$work/unpacked"
if [ "$os" = windows ]; then
  # Release zips are flat; tarballs hold one folder named after the archive.
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$work/$archive" -d "$work/unpacked"
  else
    7z x -y -o"$work/unpacked" "$work/$archive" >/dev/null
  fi
  unpacked="$work/unpacked"
else
  tar -xJf "$work/$archive" -C "$work/unpacked"
  unpacked="$work/unpacked/dossier-$target"
fi
[ -f "$unpacked/$exe" ] || fail "$archive holds no $exe"
chmod +x "$unpacked/$exe"
said=$("$unpacked/$exe" --version) || fail "the release's $exe does not run on this machine; nothing was installed"
[ "$said" = "dossier $version" ] ||
  fail "the release's binary says \`$said\`, not \`dossier $version\`; nothing was installed"

mkdir -p "$dest"
cp "$unpacked/$exe" "$dest/$exe"

echo "$dest/$exe"
