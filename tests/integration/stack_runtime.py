#!/usr/bin/env python3
"""Issue 4 (boot every service as compose would): the sandbox keeps the settings that change how a
service's process runs, and drops what would reach the host.

fixtures/stacks/runtime: `limited` sets capabilities, no-new-privileges, an extra group, shm_size,
init, a read-only root with a tmpfs, a nofile ulimit, a sysctl, extra_hosts, memory, pids and cpu
limits, dns_search, dns_opt, domainname and oom_score_adj. Its healthcheck reads each back from
inside the container and prints a FAIL line for any that did not arrive. It also asks for a host
device that does not exist and a fluentd log driver with no collector: were either kept, the
container could not start. Expected: exit 0; limited healthy (100); rehearsa's log names the
dropped device and the replaced log driver; zero leftovers.

Usage: stack_runtime.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
from support import LABEL_RUN, LABEL_STACK, Test


def main():
    t = Test("stack-runtime", __doc__)
    project = t.project()
    p, report = t.stack_test(["runtime"], project, "--timeout", "120")
    t.expect_report(report, p)
    t.check(p.returncode == 0, "exit 0", f"exit {p.returncode}: {p.stderr.strip()[-1500:]}")
    limited = t.service(report, "limited")
    t.check(limited.get("state") == "healthy" and limited.get("score") == 100,
            "limited: healthy, score 100 (every runtime setting read back inside the container)",
            f"state {limited.get('state')!r}, score {limited.get('score')!r}, cause {limited.get('cause')!r}")
    log = p.stdout + p.stderr
    t.check("/dev/rehearsa-no-such-device:/dev/x not passed in" in log,
            "rehearsa's log: the host device is not passed in", log[-1500:])
    t.check("logging driver fluentd replaced by json-file" in log,
            "rehearsa's log: the fluentd log driver is replaced by json-file", log[-1500:])
    t.expect_no_leftovers("after the run", **{LABEL_STACK: project})
    run = report.get("run", {})
    if run.get("run_id"):
        t.expect_no_leftovers("after the run", **{LABEL_RUN: run["run_id"]})
    t.finish()


if __name__ == "__main__":
    main()
