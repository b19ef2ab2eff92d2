#!/usr/bin/env python3
"""Acceptance (issue 4): a healthy 6-service stack passes.

fixtures/stacks/healthy6 (postgres and redis from debian-services, a busybox web, worker, and two
one-shots adopted with service_completed_successfully) must give exit 0, confidence 100, risk LOW,
every long-running service "healthy" with score 100 and both one-shots "completed" with score 100;
one JUnit test case per service, none failing; and afterwards zero containers, networks and
volumes labelled with the run. Docker's own events prove the sandbox containers carried the run,
stack and service labels while the run went on.

Usage: stack_healthy.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
import xml.etree.ElementTree as ET

from support import LABEL_RUN, LABEL_SERVICE, LABEL_STACK, Events, Test

LONG_RUNNING = ("db", "cache", "web", "worker")
ONE_SHOTS = ("migrate", "envcheck")


def check_services(t, report):
    for name in LONG_RUNNING + ONE_SHOTS:
        s = t.service(report, name)
        want = "completed" if name in ONE_SHOTS else "healthy"
        t.check(s.get("state") == want and s.get("score") == 100, f"{name}: state {want}, score 100",
                f"state {s.get('state')!r}, score {s.get('score')!r}, cause {s.get('cause')!r}")
        t.check(s.get("cause") == "", f"{name}: no cause", repr(s.get("cause")))
    t.check(len(report.get("services", [])) == 6, "the report lists 6 services")


def check_junit(t, path):
    try:
        cases = ET.parse(path).getroot().iter("testcase")
    except (OSError, ET.ParseError) as e:
        t.check(False, "the JUnit report is well-formed XML", str(e))
        return
    cases = list(cases)
    for name in LONG_RUNNING + ONE_SHOTS:
        mine = [c for c in cases if c.get("name") == name or c.get("name", "").endswith(name)]
        failed = [c for c in mine if c.find("failure") is not None or c.find("error") is not None]
        t.check(len(mine) >= 1 and not failed, f"junit: a passing test case for {name}",
                f"{len(mine)} cases, {len(failed)} failing")


def check_labels(t, events, run_id):
    created = [e for e in events if e.get("Action") == "create"]
    t.check(len(created) == 6, "docker events: 6 containers created with the stack label", f"{len(created)}")
    for e in created:
        attrs = e.get("Actor", {}).get("Attributes", {})
        t.check(attrs.get(LABEL_RUN) == run_id and attrs.get(LABEL_SERVICE)
                and attrs.get("name", "").startswith(f"rehearsa-{run_id}-"),
                f"container {attrs.get('name')} carries the run and service labels and a run-unique name",
                str({k: v for k, v in attrs.items() if k.startswith("io.rehearsa") or k == "name"}))


def main():
    t = Test("stack-healthy", __doc__, images=("busybox", "debian-services"))
    project = t.project()
    events = Events(f"{LABEL_STACK}={project}")
    p, report = t.stack_test(["healthy6"], project, "--timeout", "300", junit=True)
    seen = events.stop()
    t.expect_report(report, p)
    run = report.get("run", {})
    t.check(p.returncode == 0, "exit 0", p.stderr.strip()[-1500:])
    t.check(report.get("exit_code") == 0, "report: exit_code 0", repr(report.get("exit_code")))
    t.check(report.get("command") == "stack test", "report: command 'stack test'", repr(report.get("command")))
    t.check(run.get("confidence") == 100, "confidence 100", repr(run.get("confidence")))
    t.check(run.get("risk") == "LOW", "risk LOW", repr(run.get("risk")))
    t.check(run.get("cancelled") is False, "not cancelled", repr(run.get("cancelled")))
    check_services(t, report)
    check_junit(t, f"{t.tmp}/{project}.xml")
    run_id = run.get("run_id") or ""
    t.check(len(run_id) > 0, "report: a run id", repr(run_id))
    check_labels(t, seen, run_id)
    t.expect_no_leftovers("after the run", **{LABEL_STACK: project})
    if run_id:
        t.expect_no_leftovers("after the run", **{LABEL_RUN: run_id})
    t.finish()


if __name__ == "__main__":
    main()
