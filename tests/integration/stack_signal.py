#!/usr/bin/env python3
"""Acceptance (issue 4): interrupted mid-boot, rehearsa cleans up and exits within 10 s.

fixtures/stacks/slowboot needs ~25 s to become healthy and its busybox PID 1s ignore SIGTERM, so a
cleanup that stops containers politely would wait out the stop timeout. The test starts a
rehearsal, waits until its labelled containers run (and its networks and volumes exist), sends the
signal (SIGINT by default, as Ctrl-C does; --signal TERM as a CI runner's cancel does), and
expects: the process ends within 10 s; zero containers, networks and volumes labelled with its
stack or run id remain; and the JSON report is written with run.cancelled true.

Usage: stack_signal.py [--rehearsa BIN] [--signal INT|TERM]
       exit 0 pass, 1 fail, 77 skip (no Docker)
"""
import signal
import time

from support import LABEL_RUN, LABEL_STACK, Test, labelled_resources, read_report, running, wait_exit, wait_for

GRACE = 10.0


def main():
    t = Test("stack-signal", __doc__, extra_args=[(("--signal",), {"choices": ["INT", "TERM"], "default": "INT"})])
    sig = getattr(signal, "SIG" + t.args.signal)
    t.name = f"stack-sig{t.args.signal.lower()}"
    project = t.project()
    p, report_path = t.start_stack_test(["slowboot"], project, "--timeout", "300")
    label = f"{LABEL_STACK}={project}"
    booted = wait_for(lambda: p.poll() is None and running(label), 120)
    if not booted:
        t.fatal("the rehearsal's labelled containers run mid-boot", f"exit {p.poll()}: {t.output_of(p)[-1500:]}")
    during = labelled_resources(label)
    run_id = during["containers"][0]["labels"].get(LABEL_RUN, "")
    t.check(bool(during["networks"]) and bool(during["volumes"]), "mid-boot: labelled networks and volumes exist",
            f"{during}")
    time.sleep(1.0)
    t.check(p.poll() is None, "still booting when the signal is sent")
    sent = time.monotonic()
    p.send_signal(sig)
    code = wait_exit(p, GRACE)
    took = time.monotonic() - sent
    t.check(code is not None, f"exits within {GRACE:.0f} s of SIG{t.args.signal}", f"still running after {took:.1f} s")
    if code is None:
        p.kill()
        p.wait()
    else:
        print(f"  exit {code} after {took:.1f} s")
    t.expect_no_leftovers(f"after SIG{t.args.signal}", **{LABEL_STACK: project})
    if run_id:
        t.expect_no_leftovers(f"after SIG{t.args.signal}", **{LABEL_RUN: run_id})
    report = read_report(report_path)
    t.check(isinstance(report, dict), "the JSON report is written before exiting")
    if isinstance(report, dict):
        t.check(report.get("run", {}).get("cancelled") is True, "report: run.cancelled is true",
                repr(report.get("run", {}).get("cancelled")))
        t.check(report.get("exit_code") not in (None, 0), "report: a non-zero exit code",
                repr(report.get("exit_code")))
    t.finish()


if __name__ == "__main__":
    main()
