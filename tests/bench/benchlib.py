"""What every benchmark under tests/bench shares: the corpus, the peer, and how one process per
file is timed and measured, so that each benchmark's ratio is measured the same way."""
import argparse
import collections
import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(ROOT, "..", "shared")
# No HOME and a minimal PATH: neither tool reads a user's configuration.
CLEAN_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/nonexistent-home"}

# Seconds for a loop over the corpus: wall clock, and the CPU time (user + system) the processes
# used, which a busy machine inflates far less than the wall clock.
Timing = collections.namedtuple("Timing", "wall cpu")


def corpus_files(name):
    """Every compose file of the public corpus (../shared/corpus), as absolute paths."""
    files = sorted(glob.glob(os.path.join(SHARED, "corpus", "**", "compose.y*ml"), recursive=True))
    if not files:
        sys.exit(f"{name}: no corpus found under ../shared/corpus")
    return [os.path.abspath(f) for f in files]


def compose_v2(explicit=None):
    """The peer: Docker Compose v2, the reference implementation (../shared/tools/get-compose-v2)."""
    if explicit:
        return explicit
    tool = os.path.join(SHARED, "tools", "get-compose-v2")
    return subprocess.run([tool], capture_output=True, text=True, check=True).stdout.strip()


def time_processes(argv_for, files, env):
    """Runs one process per file with posix_spawn (the lightest way to start one from here, so the
    harness adds as little as it can to either tool); returns its Timing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    cpu = 0.0
    start = time.perf_counter()
    for f in files:
        argv = argv_for(f)
        pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        cpu += usage.ru_utime + usage.ru_stime
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"bench: {argv[0]} failed on {f} (run it by hand to see why)")
    elapsed = time.perf_counter() - start
    os.close(devnull)
    return Timing(elapsed, cpu)


def best_of(rounds, argv_fors, files, env):
    """The best Timing of each argv_for over `rounds` rounds (wall and CPU each at its best), the
    tools interleaved in each round so that a busy moment of the machine hits them alike."""
    best = [Timing(float("inf"), float("inf"))] * len(argv_fors)
    for _ in range(rounds):
        for i, argv_for in enumerate(argv_fors):
            t = time_processes(argv_for, files, env)
            best[i] = Timing(min(best[i].wall, t.wall), min(best[i].cpu, t.cpu))
    return best


def spawn_floor(files, env, rounds):
    """The same loop running /bin/true: what starting a process costs here, for either tool."""
    return best_of(rounds, [lambda f: ["/bin/true"]], files, env)[0]


def peak_rss_kb(argv_for, files, env):
    """The largest peak RSS of one process over the corpus, from GNU time (a forked child's own
    figure; a posix_spawn child would report the spawning Python's memory as its own)."""
    peak = 0
    for f in files:
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv_for(f), env=env, cwd=os.path.dirname(f),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        peak = max(peak, int(p.stderr.strip().splitlines()[-1]))
    return peak


def rehearsa_config(rehearsa):
    """rehearsa's command line for one file: load it and print the model, as the peer does."""
    return lambda f: [rehearsa, "config", "--format", "json", "-f", f, "--project-directory", os.path.dirname(f)]


def compose_config(compose):
    """The peer's command line for one file: load it and print the model, as loader_bench runs it."""
    return lambda f: [compose, "-f", f, "--project-directory", os.path.dirname(f), "config", "--format", "json"]


def parse_args():
    """BUILD_DIR [--rounds N] [--compose BIN], as every benchmark takes them; adds o.rehearsa, and
    resolves o.compose to the peer's path."""
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--compose", default=None)
    o = ap.parse_args()
    o.rehearsa = os.path.abspath(os.path.join(o.build_dir, "rehearsa"))
    o.compose = compose_v2(o.compose)
    return o
