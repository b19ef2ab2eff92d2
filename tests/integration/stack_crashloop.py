#!/usr/bin/env python3
"""Acceptance (issue 4): a crash-looping service scores 0, not 85.

fixtures/stacks/crashloop: `flaky` (restart: always) prints "crashloop-marker: FATAL: ..." and
exits 1. Compose would restart it forever and `up --wait` calls it ready; the sandbox runs it with
restart policy "no". Expected: exit 3; flaky "exited", score 0, exit_code 1, the marker in its cause
or log excerpt; `steady` healthy; confidence 50; zero leftovers.

Usage: stack_crashloop.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
from support import LABEL_RUN, LABEL_STACK, Test

MARKER = "crashloop-marker"


def main():
    t = Test("stack-crashloop", __doc__)
    project = t.project()
    p, report = t.stack_test(["crashloop"], project, "--timeout", "120")
    t.expect_report(report, p)
    t.check(p.returncode == 3, "exit 3", f"exit {p.returncode}: {p.stderr.strip()[-800:]}")
    flaky, steady = t.service(report, "flaky"), t.service(report, "steady")
    t.check(flaky.get("state") == "exited", "flaky: state exited", repr(flaky.get("state")))
    t.check(flaky.get("score") == 0, "flaky: score 0 (not 85)", repr(flaky.get("score")))
    t.check(flaky.get("exit_code") == 1, "flaky: exit_code 1", repr(flaky.get("exit_code")))
    text = (flaky.get("cause") or "") + (flaky.get("log_excerpt") or "")
    t.check(MARKER in text, f"flaky: its output '{MARKER}' is in the cause or the log excerpt",
            f"cause {flaky.get('cause')!r}, log_excerpt {flaky.get('log_excerpt')!r}")
    t.check(steady.get("state") == "healthy", "steady: healthy", repr(steady.get("state")))
    run = report.get("run", {})
    t.check(run.get("confidence") == 50, "confidence 50 (mean of 0 and 100)", repr(run.get("confidence")))
    t.expect_no_leftovers("after the run", **{LABEL_STACK: project})
    if run.get("run_id"):
        t.expect_no_leftovers("after the run", **{LABEL_RUN: run["run_id"]})
    t.finish()


if __name__ == "__main__":
    main()
