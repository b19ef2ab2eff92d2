#!/usr/bin/env python3
"""Acceptance (issue 4): real failure injection; the dependents are reported blocked.

fixtures/stacks/inject is healthy as written (db, then api and worker, which wait for db to be
healthy). With --inject-failure db:exit the sandbox really breaks db (its entrypoint replaced by a
failing command). Expected: exit 3; db "exited" or "failed", score 0, a non-empty cause; api and
worker "blocked", blocked_by "db", score 0, never started (no exit code); confidence 0; zero
leftovers. Docker's events prove db's container was created and started, and that neither
dependent was ever started.

Usage: stack_inject.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
from support import LABEL_SERVICE, LABEL_STACK, Events, Test


def started_services(events):
    return {e["Actor"]["Attributes"].get(LABEL_SERVICE) for e in events if e.get("Action") == "start"}


def main():
    t = Test("stack-inject", __doc__)
    project = t.project()
    events = Events(f"{LABEL_STACK}={project}")
    p, report = t.stack_test(["inject"], project, "--inject-failure", "db:exit", "--timeout", "120")
    started = started_services(events.stop())
    t.expect_report(report, p)
    t.check(p.returncode == 3, "exit 3", f"exit {p.returncode}: {p.stderr.strip()[-800:]}")
    db = t.service(report, "db")
    t.check(db.get("state") in ("exited", "failed") and db.get("score") == 0, "db: exited or failed, score 0",
            f"state {db.get('state')!r}, score {db.get('score')!r}")
    t.check(bool(db.get("cause")), "db: a cause", repr(db.get("cause")))
    t.check("db" in started, "db's container really started (the failure is real, not simulated)",
            f"started: {sorted(s for s in started if s)}")
    for name in ("api", "worker"):
        s = t.service(report, name)
        t.check(s.get("state") == "blocked", f"{name}: state blocked", repr(s.get("state")))
        t.check(s.get("blocked_by") == "db", f"{name}: blocked_by db", repr(s.get("blocked_by")))
        t.check(s.get("score") == 0, f"{name}: score 0", repr(s.get("score")))
        t.check(name not in started, f"{name}: never started")
    t.check(report.get("run", {}).get("confidence") == 0, "confidence 0",
            repr(report.get("run", {}).get("confidence")))
    t.expect_run_cleaned_up(report, project)
    t.finish()


if __name__ == "__main__":
    main()
