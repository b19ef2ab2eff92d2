#!/usr/bin/env python3
"""Acceptance (issue 4): a rehearsal never touches the live stack.

1. A live copy of fixtures/stacks/healthy6 is started with Compose v2 (`docker-compose -p P up -d
   --wait`, P unique to this test), and a random file is written into each of its named volumes.
2. Snapshot: every live container (id, name, state, pid, started at, restart count, labels,
   networks, mounts), every live network (id, created, labels, internal, attached containers),
   every live volume (name, created, labels, mountpoint) and the sha256 of each written file.
3. The same compose file is rehearsed under the same project name P, held open by
   fixtures/stacks/hold (merged as a second -f). While it runs: no sandbox container publishes a
   host port; none is attached to a live network; every sandbox network is internal; no live
   network gained an endpoint; no sandbox container or network carries a com.docker.compose.*
   label (so `docker-compose -p P` does not see them).
4. After the hold is released and the rehearsal exits 0, the snapshot is taken again and must be
   identical, file hashes included; `docker-compose -p P ps -a` lists the live containers only;
   zero sandbox leftovers.
5. The live copy is removed with `docker-compose -p P down -v` (this test's own project only).

Usage: stack_live_untouched.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
import hashlib
import json
import subprocess

from support import (LABEL_RUN, LABEL_STACK, Test, compose_v2, docker, exec_in, read_report, release_hold,
                     running, stack_file, wait_exit, wait_for)

MARKERS = {"db": "/var/lib/postgresql/data/rehearsa-live-marker", "cache": "/data/rehearsa-live-marker"}
SANDBOX_SERVICES = ("db", "cache", "web", "worker", "hold")


def inspect(kind, ids):
    return json.loads(docker(kind, "inspect", *ids)) if ids else []


def snapshot(compose, project):
    label = f"com.docker.compose.project={project}"
    cids = docker("ps", "-aq", "--no-trunc", "--filter", f"label={label}").split()
    nids = docker("network", "ls", "-q", "--no-trunc", "--filter", f"label={label}").split()
    vids = docker("volume", "ls", "-q", "--filter", f"label={label}").split()
    snap = {"containers": {}, "networks": {}, "volumes": {}, "files": {}}
    for c in inspect("container", cids):
        snap["containers"][c["Name"]] = {
            "id": c["Id"], "state": c["State"]["Status"], "pid": c["State"]["Pid"],
            "started_at": c["State"]["StartedAt"], "restart_count": c["RestartCount"],
            "labels": c["Config"]["Labels"], "networks": sorted(c["NetworkSettings"]["Networks"]),
            "mounts": sorted((m.get("Name") or m["Source"], m["Destination"]) for m in c["Mounts"])}
    for n in inspect("network", nids):
        snap["networks"][n["Name"]] = {"id": n["Id"], "created": n["Created"], "labels": n["Labels"],
                                       "internal": n["Internal"], "endpoints": sorted(n.get("Containers") or {})}
    for v in inspect("volume", vids):
        snap["volumes"][v["Name"]] = {"created": v["CreatedAt"], "labels": v["Labels"],
                                      "mountpoint": v["Mountpoint"]}
    for service, path in MARKERS.items():
        cid = live_container(compose, project, service)
        data = subprocess.run(["docker", "exec", cid, "cat", path], capture_output=True).stdout
        snap["files"][f"{service}:{path}"] = hashlib.sha256(data).hexdigest() if data else None
    return snap


def live_container(compose, project, service):
    return subprocess.run([compose, "-p", project, "ps", "-q", service], capture_output=True, text=True,
                          check=True).stdout.strip()


def start_live(t, compose, project):
    up = subprocess.run([compose, "-f", stack_file("healthy6"), "-p", project, "up", "-d", "--wait"],
                        capture_output=True, text=True, timeout=600)
    t.cleanups.append(lambda: subprocess.run([compose, "-p", project, "down", "-v", "--timeout", "5"],
                                             capture_output=True, timeout=300))
    if up.returncode != 0:
        t.fatal("the live copy starts with docker-compose up -d --wait", up.stderr[-1500:])
    for service, path in MARKERS.items():
        exec_in(live_container(compose, project, service), "sh", "-c",
                f"head -c 65536 /dev/urandom > {path} && sync")


def check_isolation(t, project, live):
    """While the sandbox runs: no host port, no live network, internal networks, no compose labels."""
    sandbox = [c for c in running(f"{LABEL_STACK}={project}")]
    t.check(len(sandbox) >= len(SANDBOX_SERVICES), "the sandbox's long-running containers are up",
            f"{[c['name'] for c in sandbox]}")
    t.check(all("->" not in c["ports"] for c in sandbox), "no sandbox container publishes a host port",
            "; ".join(f"{c['name']}: {c['ports']}" for c in sandbox))
    details = inspect("container", [c["id"] for c in sandbox])
    for c in details:
        nets = set(c["NetworkSettings"]["Networks"])
        bound = {k: v for k, v in (c["NetworkSettings"].get("Ports") or {}).items() if v}
        t.check(not nets & set(live["networks"]), f"{c['Name']}: on no live network", f"{sorted(nets)}")
        t.check(not bound and not c["HostConfig"].get("PortBindings"), f"{c['Name']}: no port bindings",
                f"{bound} {c['HostConfig'].get('PortBindings')}")
        compose_labels = [k for k in c["Config"]["Labels"] if k.startswith("com.docker.compose.")]
        t.check(not compose_labels, f"{c['Name']}: no com.docker.compose.* label", f"{compose_labels}")
    nets = inspect("network", [n for n in docker("network", "ls", "-q", "--no-trunc", "--filter",
                                                   f"label={LABEL_STACK}={project}").split()])
    t.check(len(nets) >= 2, "sandbox networks exist (default and hold-net)", f"{[n['Name'] for n in nets]}")
    for n in nets:
        t.check(n["Internal"], f"sandbox network {n['Name']} is internal")
        t.check(not [k for k in (n["Labels"] or {}) if k.startswith("com.docker.compose.")],
                f"sandbox network {n['Name']}: no com.docker.compose.* label")
    for name, n in inspect_live_networks(live).items():
        t.check(sorted(n.get("Containers") or {}) == live["networks"][name]["endpoints"],
                f"live network {name}: no new endpoint while the sandbox runs")


def inspect_live_networks(live):
    return {n["Name"]: n for n in inspect("network", [v["id"] for v in live["networks"].values()])}


def compare(t, before, after):
    for kind in ("containers", "networks", "volumes", "files"):
        t.check(before[kind] == after[kind], f"live {kind} unchanged",
                json.dumps({"before": before[kind], "after": after[kind]}, sort_keys=True)[:3000])


def main():
    t = Test("stack-live-untouched", __doc__, images=("busybox", "debian-services"))
    compose = compose_v2()
    project = t.project("live")
    start_live(t, compose, project)
    before = snapshot(compose, project)
    t.check(all(before["files"].values()), "the marker files were written into the live volumes")
    t.check(len(before["containers"]) == 6 and len(before["volumes"]) == 2, "the live copy has 6 containers "
            "and 2 volumes", f"{sorted(before['containers'])} {sorted(before['volumes'])}")
    p, report_path = t.start_stack_test(["healthy6", "hold"], project, "--timeout", "300")
    up = wait_for(lambda: p.poll() is None and len({c["labels"].get("io.rehearsa.service") for c in
                                                    running(f"{LABEL_STACK}={project}")}) >= len(SANDBOX_SERVICES),
                  300)
    if t.check(bool(up), "the sandbox's db, cache, web, worker and hold run next to the live copy",
               f"rehearsa exited {p.poll()}: {t.output_of(p)[-1500:]}"):
        check_isolation(t, project, before)
    release_hold(t, project)
    code = wait_exit(p, 300)
    t.check(code == 0, "the rehearsal exits 0", f"exit {code}: {t.output_of(p)[-1500:]}")
    compare(t, before, snapshot(compose, project))
    listed = subprocess.run([compose, "-p", project, "ps", "-aq"], capture_output=True, text=True).stdout.split()
    t.check(sorted(listed) == sorted(c["id"][:12] for c in before["containers"].values()) or
            sorted(listed) == sorted(c["id"] for c in before["containers"].values()),
            "docker-compose ps lists only the live containers", f"{listed}")
    t.expect_no_leftovers("after the run", **{LABEL_STACK: project})
    run_id = (read_report(report_path) or {}).get("run", {}).get("run_id")
    if run_id:
        t.expect_no_leftovers("after the run", **{LABEL_RUN: run_id})
    t.finish()


if __name__ == "__main__":
    main()
