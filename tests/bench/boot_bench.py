#!/usr/bin/env python3
"""Boot benchmark: `rehearsa stack test` against `docker-compose up --wait`, and against the
critical-path lower bound, measured in the same run on fixtures/stacks/bench10 (11 services, 4
dependency levels, every one with a healthcheck; docs/benchmarks.md, "Boot").

Each round measures, interleaved:
  (a) rehearsa stack test -f bench10 -p P --report json=...: the whole rehearsal, from process
      start to exit (plan, create, boot in dependency order, wait, score, clean up). Its CPU time
      (user + system, from os.wait4) and peak RSS (GNU time's %M: a child forked by a small
      process, so the Python harness's own memory is not counted, see benchlib.peak_rss_kb).
  (b) docker-compose -p P up -d --wait, then docker-compose -p P down -v (Compose v2 from
      ../shared/tools/get-compose-v2): the same boot and the same cleanup by the reference.
  (c) each service's own time to healthy, alone: all containers are created up front (`compose
      create`), then each is started by itself with the Engine API's start call and timed from that
      request to its `health_status: healthy` event, then killed. The lower bound is the longest
      path through the depends_on graph, summing those times: no tool can boot the stack faster
      (it leaves out creating the containers and the network, and any scheduling at all). The
      start call itself counts, as it does for every tool: it costs ~0.4 s per level here.
  (d) the engine's own fixed costs for the same stack, with no tool in the way: raw Engine API
      calls create an internal network and the 11 containers at once (timed), start them and wait
      until all are healthy (not timed), then remove them all at once and the network (timed).
      (c) + (d) is the floor for any tool that creates the stack, boots it and removes it: the
      bound leaves those engine costs out.
  (e) an ideal client, in this process (tests/bench/rawstack.py): raw API calls create the network
      and the services that depend on nothing, start those, create the rest, start each service the
      moment the engine's events say its dependencies are healthy, and remove everything once all
      are healthy. It pays what the engine charges for containers that boot together (starts
      that compete, probes of running containers), which (c) and (d) leave out, and nothing else:
      no process start, model, inspects, logs or reports.
For (a) and (b) the daemon's events also split the wall time into boot (first container created
to last one healthy) and the rest (start-up before, clean-up after).
The best round counts for (a), (b) and (d), the best time per service for (c), and the largest peak
RSS.

Targets (issue 4): rehearsa <= 0.8 x (b); rehearsa <= 1.15 x (c); rehearsa's CPU <= 20 ms per
service; peak RSS <= 30 MB. Exit 0 when all are met, 1 when one is missed (or a run fails), 77 when
there is no Docker daemon (a failure with CI=true).

Usage: boot_bench.py BUILD_DIR [--rounds N] [--compose BIN]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
from benchlib import parse_args  # noqa: E402
from rawstack import engine_floor, engine_socket, ideal_client, start_container  # noqa: E402
from support import (LABEL_STACK, Events, ensure_images, read_report, remove_labelled,  # noqa: E402
                     require_docker, stack_file)

NAME = "boot_bench"
STACK = stack_file("bench10")
TARGETS = {"vs_compose": 0.8, "vs_critical_path": 1.15, "cpu_ms_per_service": 20.0, "rss_mb": 30.0}


def load_model(compose):
    """bench10 as the reference reads it (`config --format json`)."""
    return json.loads(subprocess.run([compose, "-f", STACK, "config", "--format", "json"], capture_output=True,
                                     text=True, check=True).stdout)


def dependency_graph(model):
    """{service: [services it depends on]}."""
    return {name: sorted(s.get("depends_on") or {}) for name, s in model["services"].items()}


def longest_path(graph, weight):
    """(length, path) of the heaviest path through the DAG, weights summed along it."""
    memo = {}

    def walk(s):
        if s not in memo:
            best = max((walk(d) for d in graph[s]), default=(0.0, []))
            memo[s] = (best[0] + weight[s], best[1] + [s])
        return memo[s]
    return max(walk(s) for s in graph)


def levels(graph):
    depth = {}

    def walk(s):
        if s not in depth:
            depth[s] = 1 + max((walk(d) for d in graph[s]), default=0)
        return depth[s]
    return max(walk(s) for s in graph)


def timed(argv, out_dir):
    """Runs argv under GNU time; returns (wall s, CPU s, peak RSS kB, exit code)."""
    rss_file = os.path.join(out_dir, "rss")
    start = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    return wall, usage.ru_utime + usage.ru_stime, rss, p.returncode


def boot_span(events):
    """Seconds from the first container created to the last one healthy, by the daemon's clock."""
    created = [e["timeNano"] for e in events if e.get("Action") == "create"]
    healthy = [e["timeNano"] for e in events if e.get("Action", "").startswith("health_status: healthy")]
    return (max(healthy) - min(created)) / 1e9 if created and healthy else float("nan")


def run_rehearsa(o, out_dir, tag):
    project = f"rhbench-a-{os.getpid()}-{tag}"
    report = os.path.join(out_dir, f"{project}.json")
    events = Events(f"{LABEL_STACK}={project}")
    try:
        wall, cpu, rss, code = timed([o.rehearsa, "stack", "test", "-f", STACK, "-p", project, "--timeout", "300",
                                      "--report", f"json={report}"], out_dir)
    finally:
        seen = events.stop()
        remove_labelled(f"{LABEL_STACK}={project}")
    confidence = (read_report(report) or {}).get("run", {}).get("confidence")
    if code != 0 or confidence != 100:
        sys.exit(f"{NAME}: rehearsa stack test did not pass bench10 (exit {code}, confidence {confidence}); "
                 f"run it by hand: {o.rehearsa} stack test -f {STACK}")
    return {"wall": wall, "cpu": cpu, "rss": rss, "boot": boot_span(seen)}


def run_compose(o, out_dir, tag):
    project = f"rhbench-b-{os.getpid()}-{tag}"
    events = Events(f"com.docker.compose.project={project}")
    try:
        up = timed([o.compose, "-f", STACK, "-p", project, "up", "-d", "--wait"], out_dir)
        down = timed([o.compose, "-f", STACK, "-p", project, "down", "-v"], out_dir)
    finally:
        seen = events.stop()
        subprocess.run([o.compose, "-p", project, "down", "-v", "-t", "1"], capture_output=True)
    if up[3] != 0 or down[3] != 0:
        sys.exit(f"{NAME}: docker-compose up --wait / down -v failed on bench10 ({up[3]}, {down[3]})")
    return {"wall": up[0] + down[0], "up": up[0], "down": down[0], "cpu": up[1] + down[1], "boot": boot_span(seen)}


def alone(o, services, tag):
    """Each service's own time to healthy, alone: every container is created up front (`compose
    create`, not started), then each is started by itself through the Engine API and timed from the
    start request to its `health_status: healthy` event, then killed before the next one starts."""
    project = f"rhbench-c-{os.getpid()}-{tag}"
    events = Events(f"com.docker.compose.project={project}")
    times = {}
    try:
        subprocess.run([o.compose, "-f", STACK, "-p", project, "create"], capture_output=True, check=True)
        for s in services:
            cid = subprocess.run([o.compose, "-f", STACK, "-p", project, "ps", "-a", "-q", s], capture_output=True,
                                 text=True, check=True).stdout.strip()
            requested = time.time_ns()
            start_container(cid)
            started, healthy = wait_healthy(events, s)
            times[s] = ((healthy - requested) / 1e9, (started - requested) / 1e9)
            subprocess.run(["docker", "kill", cid], capture_output=True)
    finally:
        events.stop()
        subprocess.run([o.compose, "-f", STACK, "-p", project, "down", "-v", "-t", "1"], capture_output=True)
    return times


def wait_healthy(events, service, timeout=120):
    """The daemon's times (ns) of the service's `start` and `health_status: healthy` events."""
    deadline = time.monotonic() + timeout
    started = None
    while time.monotonic() < deadline:
        for e in events.drain():
            if e.get("Actor", {}).get("Attributes", {}).get("com.docker.compose.service") != service:
                continue
            started = e["timeNano"] if e.get("Action") == "start" else started
            if e.get("Action", "").startswith("health_status: healthy") and started:
                return started, e["timeNano"]
        time.sleep(0.02)
    sys.exit(f"{NAME}: {service} did not become healthy alone within {timeout} s")


def references(model, tag):
    """(d) and (e), on a unix socket only (they speak the Engine API directly); None elsewhere."""
    if not engine_socket():
        return None, None
    run = f"rhbench-de-{os.getpid()}-{tag}"
    return engine_floor(model, run + "-d"), ideal_client(model, run + "-e")


def measure(o, model):
    graph = dependency_graph(model)
    best_a, best_b, best_d, best_e, alone_best, peak_rss = None, None, None, None, {}, 0
    with tempfile.TemporaryDirectory(prefix="rehearsa-boot-bench-") as out_dir:
        for r in range(o.rounds):
            a = run_rehearsa(o, out_dir, r)
            b = run_compose(o, out_dir, r)
            c = alone(o, sorted(graph), r)
            d, e = references(model, r)
            print(f"round {r + 1}: rehearsa {a['wall']:.2f} s, compose {b['wall']:.2f} s, "
                  f"alone {' '.join(f'{s}={t[0]:.2f}' for s, t in sorted(c.items()))}"
                  + (f", engine create {d['create']:.2f} s + remove {d['remove']:.2f} s, ideal client {e:.2f} s"
                     if d else ""), flush=True)
            best_a = a if best_a is None or a["wall"] < best_a["wall"] else best_a
            best_b = b if best_b is None or b["wall"] < best_b["wall"] else best_b
            if d:
                best_d = {k: min(v, (best_d or d)[k]) for k, v in d.items()}
                best_e = min(e, best_e or e)
            best_a["cpu"] = min(best_a["cpu"], a["cpu"])
            best_b["cpu"] = min(best_b["cpu"], b["cpu"])
            peak_rss = max(peak_rss, a["rss"])
            for s, t in c.items():
                alone_best[s] = min(alone_best.get(s, t), t)
    return best_a, best_b, best_d, best_e, alone_best, peak_rss


def report(graph, a, b, d, e, alone_times, peak_rss, rounds):
    n = len(graph)
    bound, path = longest_path(graph, {s: t[0] for s, t in alone_times.items()})
    start_calls = sum(alone_times[s][1] for s in path)
    ratios = {"vs_compose": a["wall"] / b["wall"], "vs_critical_path": a["wall"] / bound,
              "cpu_ms_per_service": a["cpu"] * 1000 / n, "rss_mb": peak_rss / 1024}
    print(f"\nbench10: {n} services, {levels(graph)} dependency levels; best of {rounds} rounds")
    print("time to healthy alone, from the start request: " +
          ", ".join(f"{s} {t[0]:.2f} s" for s, t in sorted(alone_times.items())))
    print(f"(c) critical-path lower bound: {bound:.2f} s ({' -> '.join(path)}; its {len(path)} start calls "
          f"took {start_calls:.2f} s of it)")
    if d:
        floor = bound + d["create"] + d["remove"]
        print(f"(d) the engine alone: creating the network and containers {d['create']:.2f} s, removing them "
              f"{d['remove']:.2f} s; (c) + (d) = {floor:.2f} s, the floor for a whole run: rehearsa is "
              f"{a['wall'] / floor:.2f}x it, {a['wall'] - floor:+.2f} s")
        print(f"(e) an ideal client:                   {e:6.2f} s  ({e / bound:.2f}x (c), {e / b['wall']:.2f}x (b)); "
              f"rehearsa is {a['wall'] / e:.2f}x it, {a['wall'] - e:+.2f} s")
    print(f"(a) rehearsa stack test:               {a['wall']:6.2f} s  (boot {a['boot']:.2f} s; start-up and "
          f"clean-up {a['wall'] - a['boot']:.2f} s)  CPU {a['cpu'] * 1000:.0f} ms  peak RSS {peak_rss / 1024:.1f} MB")
    print(f"(b) docker-compose up --wait, down -v: {b['wall']:6.2f} s  (up {b['up']:.2f} s, boot {b['boot']:.2f} s; "
          f"down {b['down']:.2f} s)  CPU {b['cpu'] * 1000:.0f} ms")
    rows = [("rehearsa / (b) compose", "vs_compose", "x"), ("rehearsa / (c) critical path", "vs_critical_path", "x"),
            ("rehearsa CPU per service", "cpu_ms_per_service", " ms"), ("rehearsa peak RSS", "rss_mb", " MB")]
    missed = [label for label, key, _ in rows if ratios[key] > TARGETS[key]]
    for label, key, unit in rows:
        verdict = "NOT met" if label in missed else "met"
        print(f"ratio, {label}: {ratios[key]:.2f}{unit} (target <= {TARGETS[key]}{unit}): {verdict}")
    print("targets: " + ("met" if not missed else "NOT met: " + ", ".join(missed)))
    return not missed


def main():
    o = parse_args()
    require_docker(NAME)
    ensure_images(NAME, "busybox")
    if not os.access(o.rehearsa, os.X_OK):
        sys.exit(f"{NAME}: {o.rehearsa} not found; build it first (ninja -C {o.build_dir})")
    model = load_model(o.compose)
    a, b, d, e, alone_times, peak_rss = measure(o, model)
    sys.exit(0 if report(dependency_graph(model), a, b, d, e, alone_times, peak_rss, o.rounds) else 1)


if __name__ == "__main__":
    main()
