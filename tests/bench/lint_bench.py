#!/usr/bin/env python3
"""Lint benchmark: `rehearsa lint` against the reference implementation's loader, measured in the
same run.

For every compose file of the public corpus (../shared/corpus), one process per file, as a CI step
runs it:
  rehearsa lint --fail-on none -f F --project-directory D               (console report)
  rehearsa lint --fail-on none --report sarif=... junit, codequality, markdown to files
  rehearsa config --format json -f F --project-directory D             (loading alone, for scale)
  docker-compose -f F --project-directory D config --format json         (the peer: Compose v2)
The peer only loads and prints the model; lint loads the same model, then analyses it and renders
reports, so the ratio is what a CI job pays for rehearsa's findings compared with merely
validating the file with compose. Each is run ROUNDS times over the corpus, interleaved, and the
best round counts. Also printed: the CPU time the processes used (user + system, from wait4),
which a busy machine inflates far less than the wall clock; the cost of starting a process; and
each tool's peak RSS.
Target (issue: preflight rules and reporters): < 5 ms per file, process start included.
Timings are printed, never asserted (DESIGN.md): the exit code is 0 whenever the benchmark ran.

Usage: lint_bench.py BUILD_DIR [--rounds N] [--compose BIN]
"""
import os
import tempfile

from benchlib import (CLEAN_ENV, best_of, compose_config, corpus_files, parse_args, peak_rss_kb,
                      rehearsa_config, spawn_floor)

TARGET_MS = 5.0
REPORTS = ("sarif", "junit", "codequality", "markdown")


def lint_console(rehearsa):
    return lambda f: [rehearsa, "lint", "--fail-on", "none", "-f", f, "--project-directory", os.path.dirname(f)]


def lint_reports(rehearsa, out_dir):
    reports = []
    for fmt in REPORTS:
        reports += ["--report", f"{fmt}={os.path.join(out_dir, 'report.' + fmt)}"]
    return lambda f: lint_console(rehearsa)(f) + reports


def row(label, timing, n, rss_kb=None):
    rss = f"  peak RSS {rss_kb / 1024:5.1f} MB" if rss_kb is not None else ""
    return (f"{label:34} {timing.wall / n * 1000:8.2f} ms/file  {n / timing.wall:8.1f} files/s  "
            f"CPU {timing.cpu / n * 1000:6.2f} ms/file{rss}")


def main():
    o = parse_args()
    rehearsa, compose = o.rehearsa, o.compose
    files = corpus_files("lint_bench")
    n = len(files)
    with tempfile.TemporaryDirectory() as out_dir:
        tools = [lint_console(rehearsa), lint_reports(rehearsa, out_dir), rehearsa_config(rehearsa),
                 compose_config(compose)]
        best = best_of(o.rounds, tools, files, CLEAN_ENV)
        rss = [peak_rss_kb(tool, files, CLEAN_ENV) for tool in tools]
    floor = spawn_floor(files, CLEAN_ENV, o.rounds)
    print(f"corpus: {n} files; best of {o.rounds} rounds, one process per file")
    print(row("rehearsa lint (console)", best[0], n, rss[0]))
    print(row("rehearsa lint (4 reports to files)", best[1], n, rss[1]))
    print(row("rehearsa config (loading alone)", best[2], n, rss[2]))
    print(row("docker-compose config (peer)", best[3], n, rss[3]))
    print(row("process start (/bin/true)", floor, n) + ", included in every row above")
    print(f"ratio: rehearsa lint is {best[3].wall / best[0].wall:.1f}x faster per file than docker-compose "
          f"config ({best[3].wall / best[1].wall:.1f}x with 4 reports; in CPU time "
          f"{best[3].cpu / best[0].cpu:.1f}x and {best[3].cpu / best[1].cpu:.1f}x)")
    met = best[0].wall / n * 1000 < TARGET_MS
    print(f"target: < {TARGET_MS:.0f} ms/file for rehearsa lint: {'met' if met else 'NOT met'} (reported, not asserted)")


if __name__ == "__main__":
    main()
