#!/usr/bin/env python3
"""Acceptance (issue 4): after a SIGKILL, `rehearsa sweep` removes the orphans, and nothing else.

1. Run B: fixtures/stacks/hold, a healthy rehearsal held open until the test releases it.
2. Decoys: an unlabelled container, network and volume whose names look like sandbox ones
   (`rehearsa-<hex>-...`): a sweep by name prefix would take them.
3. Run A: fixtures/stacks/slowboot, killed with SIGKILL mid-boot, so it cannot clean up.
4. `rehearsa sweep --dry-run` names A's run and removes nothing; `rehearsa sweep` exits 0, names
   A's run, and leaves zero resources labelled with A's run id or stack.
5. B's containers (same ids, still running), networks and volumes are untouched, and so are the
   decoys. B is then released and must pass (exit 0) and clean up after itself.

Usage: stack_sweep.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
import os
import signal
import subprocess

from support import (LABEL_RUN, LABEL_STACK, Test, docker, labelled_resources, read_report, release_hold,
                     running, wait_exit, wait_for)


def ids(resources):
    return {"containers": sorted((c["id"], c["state"]) for c in resources["containers"]),
            "networks": sorted(n[0] for n in resources["networks"]), "volumes": sorted(resources["volumes"])}


def make_decoys(t):
    name = f"rehearsa-0000decoy0000-decoy-{os.getpid()}"
    docker("network", "create", name)
    docker("volume", "create", name)
    docker("run", "-d", "--name", name, "--network", name, "-v", f"{name}:/data", "rehearsa-fixture/busybox:1",
           "sleep", "1d")
    t.cleanups.append(lambda: (docker("rm", "-f", "-v", name, check=False),
                               docker("network", "rm", name, check=False), docker("volume", "rm", name, check=False)))
    return name


def decoys_intact(name):
    state = docker("inspect", "-f", "{{.State.Status}}", name, check=False).strip()
    return (state == "running" and docker("network", "inspect", name, check=False).strip() not in ("", "[]")
            and docker("volume", "inspect", name, check=False).strip() not in ("", "[]"))


def sweep(t, *args):
    p = subprocess.run([t.rehearsa, "sweep", *args], capture_output=True, text=True, timeout=300, env=t.env())
    print(f"$ rehearsa sweep {' '.join(args)}\n  exit {p.returncode}\n" + p.stdout.strip()[-1500:])
    t.unavailable(p)
    return p


def orphan_run_a(t, project):
    a, _ = t.start_stack_test(["slowboot"], project, "--timeout", "300")
    label = f"{LABEL_STACK}={project}"
    if not wait_for(lambda: a.poll() is None and running(label), 120):
        t.fatal("run A's labelled containers run mid-boot", f"exit {a.poll()}: {t.output_of(a)[-1500:]}")
    a.send_signal(signal.SIGKILL)
    a.wait()
    left = labelled_resources(label)
    t.check(bool(left["containers"]) and bool(left["networks"]), "run A, killed, left orphans behind", f"{left}")
    return left["containers"][0]["labels"].get(LABEL_RUN, "") if left["containers"] else ""


def main():
    t = Test("stack-sweep", __doc__)
    project_a, project_b = t.project("a"), t.project("b")
    label_b = f"{LABEL_STACK}={project_b}"
    b, report_b = t.start_stack_test(["hold"], project_b, "--timeout", "300")
    if not wait_for(lambda: b.poll() is None and running(label_b, "hold"), 120):
        t.fatal("run B's hold container runs", f"exit {b.poll()}: {t.output_of(b)[-1500:]}")
    before_b = ids(labelled_resources(label_b))
    decoy = make_decoys(t)
    run_a = orphan_run_a(t, project_a)
    t.check(len(run_a) > 0, "run A's containers carry its run id", repr(run_a))

    dry = sweep(t, "--dry-run")
    t.check(dry.returncode == 0 and run_a and run_a in dry.stdout, "sweep --dry-run exits 0 and names run A",
            f"exit {dry.returncode}: {dry.stderr.strip()[-500:]}")
    t.check(bool(labelled_resources(f"{LABEL_STACK}={project_a}")["containers"]), "sweep --dry-run removed nothing")

    real = sweep(t)
    t.check(real.returncode == 0, "sweep exits 0", real.stderr.strip()[-800:])
    t.check(bool(run_a) and run_a in real.stdout, "sweep prints the run it removed")
    t.expect_no_leftovers("after sweep (run A)", **{LABEL_STACK: project_a})
    if run_a:
        t.expect_no_leftovers("after sweep (run A)", **{LABEL_RUN: run_a})
    t.check(ids(labelled_resources(label_b)) == before_b, "run B's containers, networks and volumes are untouched",
            f"before {before_b}, after {ids(labelled_resources(label_b))}")
    t.check(decoys_intact(decoy), "unlabelled look-alikes (container, network, volume) are untouched")
    t.check(b.poll() is None, "run B is still running")

    release_hold(t, project_b)
    code = wait_exit(b, 120)
    t.check(code == 0, "run B then passes (exit 0)", f"exit {code}: {t.output_of(b)[-1500:]}")
    t.expect_no_leftovers("after run B", **{LABEL_STACK: project_b})
    run_b = (read_report(report_b) or {}).get("run", {}).get("run_id")
    if run_b:
        t.expect_no_leftovers("after run B", **{LABEL_RUN: run_b})
    t.finish()


if __name__ == "__main__":
    main()
