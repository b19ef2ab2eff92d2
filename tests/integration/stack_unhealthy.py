#!/usr/bin/env python3
"""Acceptance (issue 4): an unhealthy service fails the run, and its failure quotes the
health-check output.

fixtures/stacks/unhealthy: `sick` runs, but its healthcheck prints "probe-said-no: upstream socket
missing" and exits 1. Expected: exit 3; sick "unhealthy", score 40, health_status "unhealthy", and a
cause naming the probe's output; `fine` healthy (100); confidence 70 (the mean), risk MODERATE;
zero leftovers.

Usage: stack_unhealthy.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
from support import LABEL_RUN, LABEL_STACK, Test

PROBE_OUTPUT = "probe-said-no"


def main():
    t = Test("stack-unhealthy", __doc__)
    project = t.project()
    p, report = t.stack_test(["unhealthy"], project, "--timeout", "120")
    t.expect_report(report, p)
    t.check(p.returncode == 3, "exit 3", f"exit {p.returncode}: {p.stderr.strip()[-800:]}")
    sick, fine = t.service(report, "sick"), t.service(report, "fine")
    t.check(sick.get("state") == "unhealthy" and sick.get("score") == 40, "sick: state unhealthy, score 40",
            f"state {sick.get('state')!r}, score {sick.get('score')!r}")
    t.check(sick.get("health_status") == "unhealthy", "sick: health_status unhealthy",
            repr(sick.get("health_status")))
    t.check(PROBE_OUTPUT in (sick.get("cause") or ""), f"sick: the cause quotes the probe output '{PROBE_OUTPUT}'",
            repr(sick.get("cause")))
    t.check("\n" not in (sick.get("cause") or ""), "sick: the cause is one line", repr(sick.get("cause")))
    t.check(fine.get("state") == "healthy" and fine.get("score") == 100, "fine: healthy, score 100",
            f"state {fine.get('state')!r}, score {fine.get('score')!r}")
    run = report.get("run", {})
    t.check(run.get("confidence") == 70 and run.get("risk") == "MODERATE", "confidence 70, risk MODERATE",
            f"confidence {run.get('confidence')!r}, risk {run.get('risk')!r}")
    t.expect_no_leftovers("after the run", **{LABEL_STACK: project})
    if run.get("run_id"):
        t.expect_no_leftovers("after the run", **{LABEL_RUN: run["run_id"]})
    t.finish()


if __name__ == "__main__":
    main()
