#!/usr/bin/env python3
"""Acceptance (issue 4): a missing image under --pull never fails the run and names the image.

fixtures/stacks/missing-image: `ghost` uses rehearsa-fixture/does-not-exist:1, which no daemon has.
Expected with --pull never: exit 3; ghost "failed", score 0, its cause naming the image; nothing
pulled (the image still does not exist); zero leftovers.

Usage: stack_missing_image.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
from support import Test, docker

IMAGE = "rehearsa-fixture/does-not-exist:1"


def main():
    t = Test("stack-missing-image", __doc__)
    if docker("image", "inspect", IMAGE, check=False).strip() not in ("", "[]"):
        t.fatal(f"{IMAGE} does not exist before the run (someone created it; remove it)")
    project = t.project()
    p, report = t.stack_test(["missing-image"], project, "--pull", "never", "--timeout", "120")
    t.expect_report(report, p)
    t.check(p.returncode == 3, "exit 3", f"exit {p.returncode}: {p.stderr.strip()[-800:]}")
    ghost = t.service(report, "ghost")
    t.check(ghost.get("state") == "failed" and ghost.get("score") == 0, "ghost: state failed, score 0",
            f"state {ghost.get('state')!r}, score {ghost.get('score')!r}")
    t.check(IMAGE in (ghost.get("cause") or ""), f"ghost: the cause names {IMAGE}", repr(ghost.get("cause")))
    t.check(report.get("exit_code") == 3, "report: exit_code 3", repr(report.get("exit_code")))
    t.check(docker("image", "inspect", IMAGE, check=False).strip() in ("", "[]"), "nothing was pulled")
    t.expect_run_cleaned_up(report, project)
    t.finish()


if __name__ == "__main__":
    main()
