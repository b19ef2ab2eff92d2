#!/usr/bin/env python3
"""Acceptance (issue 4): a value interpolated from .env is visible inside the sandbox container.

fixtures/stacks/healthy6/.env sets GREETING=hello-from-dotenv; the compose file passes
${GREETING:-greeting-not-interpolated} to `web` and `envcheck`. rehearsa runs with GREETING absent
from its environment, so only the .env can supply it. The run is held open by fixtures/stacks/hold
(merged as a second -f) while the test finds the sandbox's web container by its labels and reads
its environment with `docker exec ... env`; then it releases the hold. Expected: GREETING is
hello-from-dotenv inside the container; envcheck (a one-shot that exits 1 on any other value)
"completed"; exit 0; zero leftovers.

Usage: stack_interpolation.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
from support import (LABEL_STACK, Test, exec_in, read_report, release_hold, running, wait_exit,
                     wait_for)

EXPECTED = "hello-from-dotenv"


def container_env(container_id):
    out = exec_in(container_id, "env", check=False)
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def main():
    t = Test("stack-interpolation", __doc__, images=("busybox", "debian-services"))
    project = t.project()
    p, report_path = t.start_stack_test(["healthy6", "hold"], project, "--timeout", "300")
    web = wait_for(lambda: p.poll() is None and running(f"{LABEL_STACK}={project}", "web"), 300)
    if t.check(bool(web), "the sandbox's web container runs (found by its stack and service labels)",
               f"rehearsa exited {p.poll()}: {t.output_of(p)[-1500:]}"):
        value = container_env(web[0]["id"]).get("GREETING")
        t.check(value == EXPECTED, f"docker exec: GREETING={EXPECTED} inside the container", f"GREETING={value!r}")
    release_hold(t, project)
    code = wait_exit(p, 300)
    t.check(code == 0, "exit 0", f"exit {code}: {t.output_of(p)[-1500:]}")
    report = read_report(report_path) or {}
    envcheck = t.service(report, "envcheck")
    t.check(envcheck.get("state") == "completed", "envcheck (exits 1 unless GREETING is right): completed",
            f"state {envcheck.get('state')!r}, cause {envcheck.get('cause')!r}")
    t.expect_run_cleaned_up(report, project)
    t.finish()


if __name__ == "__main__":
    main()
