#!/usr/bin/env python3
"""Issue 10 (item 5): a run in which no service is rehearsed does not pass.

fixtures/stacks/all-profiled puts its only service, `job`, in the profile `tools`.
1. Without --profile: exit 3, a verdict that says no service was rehearsed (never PASS), no
   service in the report, and nothing left behind.
2. With --profile tools: `job` completes (score 100) and the run passes (exit 0), so the stack
   itself is sound and only the empty selection failed the first run.

Usage: stack_nothing_rehearsed.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
from support import Test


def main():
    t = Test("stack-nothing-rehearsed", __doc__)
    project = t.project()
    p, report = t.stack_test(["all-profiled"], project, "--pull", "never", "--timeout", "120", "--report", "console")
    t.expect_report(report, p)
    verdict = report.get("verdict") or ""
    t.check(p.returncode == 3, "no profile: exit 3", f"exit {p.returncode}: {p.stderr.strip()[-800:]}")
    t.check(verdict.startswith("FAIL: no service was rehearsed"), "no profile: the verdict says no service was rehearsed",
            repr(verdict))
    t.check("PASS" not in p.stdout, "no profile: the console never says PASS", p.stdout.strip()[-400:])
    t.check(report.get("services") == [], "no profile: no service in the report", repr(report.get("services")))
    t.expect_run_cleaned_up(report, project)

    project = t.project("tools")
    p, report = t.stack_test(["all-profiled"], project, "--pull", "never", "--timeout", "120", "--profile", "tools")
    t.expect_report(report, p)
    t.check(p.returncode == 0, "--profile tools: exit 0", f"exit {p.returncode}: {p.stderr.strip()[-800:]}")
    job = t.service(report, "job")
    t.check(job.get("state") == "completed" and job.get("score") == 100, "--profile tools: job completed, 100",
            f"state {job.get('state')!r}, score {job.get('score')!r}")
    t.expect_run_cleaned_up(report, project)
    t.finish()


if __name__ == "__main__":
    main()
