#!/usr/bin/env python3
"""Acceptance (issue 4): an absent daemon, or a socket without permission, gives one line of
error, exit 3, and creates nothing.

Cases (each runs `rehearsa stack test` on a copy of fixtures/stacks/hold with a JSON report):
- absent: DOCKER_HOST=unix://<a path that does not exist>.
- no permission: the real daemon's socket, used by a user who may not open it. As root (which no
  file mode stops) that user is `nobody`, through setpriv, when the socket is not open to others
  and nobody can run the binary; a non-root user gets a socket file with mode 000 of its own.
  When neither is possible (root without setpriv, or a binary nobody cannot reach), the test
  says so and only the other two cases run.
- refused: a socket that exists but refuses connections (bound, never listening).
Expected in each case: exit 3 within 60 s; exactly one line on stderr; and, on the real daemon,
nothing labelled with the case's stack name. The JSON report, if written, says exit_code 3.

Usage: stack_engine_errors.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
import os
import shutil
import socket
import stat
import subprocess

from support import LABEL_STACK, Test, labelled_resources, read_report, stack_file

NOBODY = 65534


def copy_stack(t, uid):
    d = os.path.join(t.tmp, f"stack-{uid}")
    os.makedirs(d, exist_ok=True)
    shutil.copy(stack_file("hold"), os.path.join(d, "compose.yaml"))
    if os.geteuid() == 0:
        for path in (d, os.path.join(d, "compose.yaml")):
            os.chown(path, uid, -1)
    return d


def refusing_socket(t, mode=None):
    """A unix socket that exists and refuses: bound, never listening."""
    path = os.path.join(t.tmp, f"refusing-{mode or 'x'}.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    t.cleanups.append(s.close)
    if mode is not None:
        os.chmod(path, mode)
    return path


def as_nobody_works(t):
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return False
    sock = "/var/run/docker.sock"
    try:
        st = os.stat(sock)
    except OSError:
        return False
    if st.st_mode & stat.S_IWOTH or st.st_gid == NOBODY:
        return False
    p = subprocess.run(nobody_argv([t.rehearsa, "--version"]), capture_output=True, env=t.env())
    return p.returncode == 0


def nobody_argv(argv):
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *argv]


def run_case(t, case, docker_host, uid=None):
    project = t.project(case)
    d = copy_stack(t, uid if uid is not None else os.geteuid())
    report = os.path.join(d, "report.json")
    argv = [t.rehearsa, "stack", "test", "-f", os.path.join(d, "compose.yaml"), "-p", project, "--timeout", "30",
            "--report", f"json={report}"]
    if uid == NOBODY:
        argv = nobody_argv(argv)
    env = t.env(DOCKER_HOST=docker_host, HOME=d)
    print(f"[{case}] DOCKER_HOST={docker_host} $ {' '.join(argv)}")
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, cwd=d)
    except subprocess.TimeoutExpired:
        t.check(False, f"[{case}] rehearsa gives up within 60 s")
        return
    t.unavailable(p)
    lines = [line for line in p.stderr.splitlines() if line.strip()]
    print(f"  exit {p.returncode}; stderr: {p.stderr.strip()!r}")
    t.check(p.returncode == 3, f"[{case}] exit 3", f"exit {p.returncode}")
    t.check(len(lines) == 1, f"[{case}] exactly one line on stderr", f"{len(lines)} lines: {p.stderr[-1000:]!r}")
    left = labelled_resources(f"{LABEL_STACK}={project}")
    t.check(not any(left.values()), f"[{case}] nothing created on the daemon", f"{left}")
    r = read_report(report)
    if r is not None:
        t.check(r.get("exit_code") == 3, f"[{case}] the JSON report says exit_code 3", repr(r.get("exit_code")))


def main():
    t = Test("stack-engine-errors", __doc__)
    os.chmod(t.tmp, 0o755)
    missing = os.path.join(t.tmp, "no-such-dir", "docker.sock")
    run_case(t, "absent", f"unix://{missing}")
    if as_nobody_works(t):
        print("no permission: running as nobody against the daemon's own socket")
        run_case(t, "no-permission", "unix:///var/run/docker.sock", uid=NOBODY)
    elif os.geteuid() != 0:
        print("no permission: a socket file with mode 000")
        run_case(t, "no-permission", f"unix://{refusing_socket(t, 0)}")
    else:
        print("no permission: not testable here (root ignores file modes, and setpriv to nobody is not "
              "possible); the refusing socket below is the nearest case")
    run_case(t, "refused", f"unix://{refusing_socket(t)}")
    t.finish()


if __name__ == "__main__":
    main()
