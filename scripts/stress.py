#!/usr/bin/env python3
"""Grows pathological inputs fourfold and reports how build time and memory grow.

Usage: cargo build --release && python3 scripts/stress.py [path/to/dossier]

For each kind of input (many entries, one huge note, deep nesting, long names) it
builds a generated dossier at a size and at four times that size, and prints the
wall time and peak memory (max RSS) of `dossier build` for each, with the ratios.
Ratios near 4 (or below) mean the cost grows no faster than the input. The numbers
are for reading, not for asserting: these machines are shared and noisy.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

BINARY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/dossier")
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


def long_names(root, length):
    name = "Longname " * (length // 9)
    with open(os.path.join(root, "content", "companies", "long.md"), "w") as f:
        f.write(f'+++\nname = "{name}"\naliases = ["{name}x"]\n+++\nBody.\n')
    write_note(root, "mentions", f"See [[{name.strip()}]].\n" * 50)


def write_note(root, slug, body):
    with open(os.path.join(root, "content", "notes", f"{slug}.md"), "w") as f:
        f.write(HEAD.format(title=slug) + body)


def measure(make, size):
    root = tempfile.mkdtemp(prefix="dossier-stress-")
    try:
        subprocess.run([BINARY, "init", root + "/d"], check=True, stdout=subprocess.DEVNULL)
        make(root + "/d", size)
        started = time.perf_counter()
        child = subprocess.Popen([BINARY, "build", "--quiet", "--root", root + "/d"])
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        if status != 0:
            sys.exit(f"dossier build failed on {make.__name__} at {size}")
        return elapsed, usage.ru_maxrss / 1024
    finally:
        shutil.rmtree(root)


def main():
    cases = [
        ("entries", entries, 2_500),
        ("MB in one note", big_note, 1.25),
        ("nesting depth", nesting, 5_000),
        ("name length", long_names, 5_000),
    ]
    print(f"{'input':<16}{'size':>10}{'time':>10}{'memory':>10}   {'x4 size':>9}{'time':>10}{'memory':>10}   ratios")
    for label, make, size in cases:
        t1, m1 = measure(make, size)
        t4, m4 = measure(make, size * 4)
        print(
            f"{label:<16}{size:>10}{t1:>9.2f}s{m1:>8.0f}MB   {size * 4:>9}{t4:>9.2f}s{m4:>8.0f}MB"
            f"   time x{t4 / t1:.1f}, memory x{m4 / m1:.1f}"
        )


if __name__ == "__main__":
    main()
