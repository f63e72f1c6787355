#!/usr/bin/env python3
"""Grows pathological inputs fourfold and reports how build time and memory grow.

Usage: cargo build --release && python3 scripts/stress.py [--quick] [path/to/dossier]

For each kind of input (many entries, one huge note, deep nesting, long names,
identical headings, many wikilinks or citations in one paragraph, a long `parent`
chain or cycle) it builds a generated dossier at a size and at four times that size,
and prints the wall time and peak memory (max RSS) of `dossier build` for each, with
the ratios. Ratios near 4 (or below) mean the cost grows no faster than the input; a
quadratic step shows as 16. The numbers are for reading, not for asserting: these
machines are shared and noisy, and the script fails only if a build does.

`--quick` (or STRESS_QUICK=1) runs the slower cases smaller, which is what CI does
(.ci/run): a few seconds in all, still large enough to tell x4 from x16. Builds
run in a tmpfs (/dev/shm) where there is one, or in STRESS_DIR.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

ARGS = [a for a in sys.argv[1:] if a != "--quick"]
QUICK = "--quick" in sys.argv[1:] or os.environ.get("STRESS_QUICK", "") not in ("", "0")
BINARY = os.path.abspath(ARGS[0] if ARGS else "target/release/dossier")
# A tmpfs where there is one: on a disk, creating and deleting thousands of files
# makes the kernel's bookkeeping most of what is measured.
WORK_DIR = os.environ.get("STRESS_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
HEAD = '+++\ntitle = "{title}"\ndate = 2023-02-04\n+++\n'


def entries(root, n):
    folder = os.path.join(root, "content", "glossary")
    for i in range(n):
        with open(os.path.join(folder, f"term-{i}.md"), "w") as f:
            f.write(
                f'+++\nterm = "Term number {i} x"\nsummary = "A term."\n+++\n\n'
                f"See [[term-{(i + 1) % n}]] and Term number {(i + 7) % n} x here.\n"
            )


def big_note(root, megabytes):
    line = "A line about [[example-corp]], with *emphasis*, `code` and a [link](https://example.com/).\n"
    body = (line * 5 + "\n") * int(megabytes * 1_000_000 / (len(line) * 5 + 1))
    write_note(root, "big", body)


def nesting(root, depth):
    body = "> " * depth + "deep\n\n" + "[" * depth + "example-corp" + "]" * depth + "\n\n" + "*" * depth + "x" + "*" * depth + "\n"
    write_note(root, "nested", body)


def raw_html(root, depth):
    # Raw HTML nested past the cleaner's limit is shown as text instead of cleaned.
    write_note(root, "raw", "<div>" * depth + "deep" + "</div>" * depth + "\n")


def long_names(root, length):
    name = "Longname " * (length // 9)
    with open(os.path.join(root, "content", "companies", "long.md"), "w") as f:
        f.write(f'+++\nname = "{name}"\naliases = ["{name}x"]\n+++\nBody.\n')
    write_note(root, "mentions", f"See [[{name.strip()}]].\n" * 50)


def headings(root, n):
    # Every heading has the same text: ids `a`, `a-1`, `a-2`…
    write_note(root, "headings", "## a\n\n" * n)


def wikilinks(root, n):
    # One paragraph, one sentence: every mention's context is the same long sentence.
    write_note(root, "wikilinks", "See [[example-corp]] and " * n + "the end.\n")


def citations(root, n):
    write_note(root, "citations", "As reported [@example-report] and " * n + "so on.\n")


def parent_chain(root, n):
    # company-0's parent is company-1, …, whose parent is example-corp.
    companies(root, n, lambda i: f"company-{i + 1}" if i + 1 < n else "example-corp")


def parent_cycle(root, n):
    # The same, closed: company-(n-1)'s parent is company-0. The build fails, once.
    companies(root, n, lambda i: f"company-{(i + 1) % n}")


def companies(root, n, parent):
    folder = os.path.join(root, "content", "companies")
    for i in range(n):
        with open(os.path.join(folder, f"company-{i}.md"), "w") as f:
            f.write(f'+++\nname = "Company {i}"\nparent = "{parent(i)}"\n+++\nA company.\n')


def write_note(root, slug, body):
    with open(os.path.join(root, "content", "notes", f"{slug}.md"), "w") as f:
        f.write(HEAD.format(title=slug) + body)


def measure(make, size, fails=False):
    root = tempfile.mkdtemp(prefix="dossier-stress-", dir=WORK_DIR)
    try:
        subprocess.run([BINARY, "init", root + "/d"], check=True, stdout=subprocess.DEVNULL)
        make(root + "/d", size)
        started = time.perf_counter()
        child = subprocess.Popen(
            [BINARY, "build", "--quiet", "--root", root + "/d", "--output", root + "/public"],
            stderr=subprocess.PIPE if fails else None,
        )
        errors = child.stderr.read() if fails else b""
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        if fails:
            # A cycle is an error: reported once, however long.
            if status == 0 or errors.count(b"forms a cycle") != 1:
                sys.exit(f"dossier build did not report one cycle on {make.__name__} at {size}")
        elif status != 0:
            sys.exit(f"dossier build failed on {make.__name__} at {size}")
        return elapsed, usage.ru_maxrss / 1024
    finally:
        shutil.rmtree(root)


def main():
    # (label, generator, size, size with --quick, whether the build is meant to fail)
    cases = [
        ("entries", entries, 2_500, 1_000, False),
        ("MB in one note", big_note, 1.25, 0.5, False),
        ("nesting depth", nesting, 5_000, 5_000, False),
        ("name length", long_names, 5_000, 5_000, False),
        ("raw HTML nesting", raw_html, 5_000, 5_000, False),
        ("same headings", headings, 10_000, 10_000, False),
        ("links in a para", wikilinks, 20_000, 10_000, False),
        ("cites in a para", citations, 25_000, 10_000, False),
        ("parent chain", parent_chain, 2_500, 1_000, False),
        ("parent cycle", parent_cycle, 2_500, 2_500, True),
    ]
    cases = [(label, make, quick if QUICK else size, fails) for label, make, size, quick, fails in cases]
    print(f"{'input':<16}{'size':>10}{'time':>10}{'memory':>10}   {'x4 size':>9}{'time':>10}{'memory':>10}   ratios")
    for label, make, size, fails in cases:
        t1, m1 = measure(make, size, fails)
        t4, m4 = measure(make, size * 4, fails)
        print(
            f"{label:<16}{size:>10}{t1:>9.2f}s{m1:>8.0f}MB   {size * 4:>9}{t4:>9.2f}s{m4:>8.0f}MB"
            f"   time x{t4 / t1:.1f}, memory x{m4 / m1:.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
