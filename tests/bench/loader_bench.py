#!/usr/bin/env python3
"""Loader benchmark: rehearsa against the reference implementation, measured in the same run.

For every compose file of the public corpus (../shared/corpus), both tools print the loaded
model as JSON, one process per file, as a user or CI job runs them:
  rehearsa config --format json -f F --project-directory D
  docker-compose  -f F --project-directory D config --format json   (Compose v2, get-compose-v2)
Each is run ROUNDS times over the corpus, interleaved, and the best round counts. Also printed:
rehearsa's in-process throughput (tests/bench/load_corpus: the whole corpus loaded repeatedly in
one process, files/s and MB/s) and its peak RSS for the whole corpus.
Targets (issue #2): >= 20x faster per file than the reference; < 20 MB RSS for the corpus.

Usage: loader_bench.py BUILD_DIR [--rounds N] [--compose BIN]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def corpus_files():
    shared = os.path.join(ROOT, "..", "shared", "corpus")
    files = sorted(glob.glob(os.path.join(shared, "**", "compose.y*ml"), recursive=True))
    if not files:
        sys.exit("loader_bench: no corpus found under ../shared/corpus")
    return [os.path.abspath(f) for f in files]


def time_processes(argv_for, files, env):
    """Runs one process per file with posix_spawn (the lightest way to start one from here, so the
    harness adds as little as it can to either tool); returns the wall-clock seconds."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    start = time.perf_counter()
    for f in files:
        argv = argv_for(f)
        pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"loader_bench: {argv[0]} failed on {f} (run it by hand to see why)")
    elapsed = time.perf_counter() - start
    os.close(devnull)
    return elapsed


def spawn_floor(files, env):
    """The same loop running /bin/true: what starting a process costs here, for either tool."""
    return time_processes(lambda f: ["/bin/true"], files, env)


def peak_rss_kb(argv_for, files, env):
    """The largest peak RSS of one process over the corpus, from GNU time (a forked child's own
    figure; a posix_spawn child would report the spawning Python's memory as its own)."""
    peak = 0
    for f in files:
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv_for(f), env=env, cwd=os.path.dirname(f),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        peak = max(peak, int(p.stderr.strip().splitlines()[-1]))
    return peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--compose", default=None)
    o = ap.parse_args()
    rehearsa = os.path.abspath(os.path.join(o.build_dir, "rehearsa"))
    load_corpus = os.path.abspath(os.path.join(o.build_dir, "tests", "bench", "load_corpus"))
    compose = o.compose or subprocess.run([os.path.join(ROOT, "..", "shared", "tools", "get-compose-v2")],
                                          capture_output=True, text=True, check=True).stdout.strip()
    files = corpus_files()
    size = sum(os.path.getsize(f) for f in files)
    home = "/nonexistent-home"
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home}

    ours = lambda f: [rehearsa, "config", "--format", "json", "-f", f, "--project-directory", os.path.dirname(f)]
    theirs = lambda f: [compose, "-f", f, "--project-directory", os.path.dirname(f), "config", "--format", "json"]
    best_ours = best_theirs = float("inf")
    for _ in range(o.rounds):
        best_ours = min(best_ours, time_processes(ours, files, env))
        best_theirs = min(best_theirs, time_processes(theirs, files, env))
    rss_ours, rss_theirs = peak_rss_kb(ours, files, env), peak_rss_kb(theirs, files, env)
    floor = min(spawn_floor(files, env) for _ in range(o.rounds))

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
    print(f"ratio: rehearsa is {ratio:.1f}x faster per file than docker-compose config (target >= 20x)")
    ok = ratio >= 20 and rss_mb < 20
    print("targets: " + ("met" if ok else "NOT met"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
