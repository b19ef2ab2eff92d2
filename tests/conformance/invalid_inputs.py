#!/usr/bin/env python3
"""Every class of invalid compose input in fixtures/compose/invalid/ is refused with one line of
error on stderr that carries file:line:col (where a position exists, and inside the file) and
names the problem, exit code 3, and nothing on stdout.

Usage: invalid_inputs.py --rehearsa BIN --root fixtures/compose/invalid
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

# class directory -> (extra args, regex the single stderr line must match)
CASES = {
    "bad-yaml": ([], r"bad-yaml/compose\.yaml:6:5: invalid YAML: "),
    "yaml-tab": ([], r"yaml-tab/compose\.yaml:5:1: invalid YAML: tab character may not be used as indentation$"),
    "wrong-type": ([], r"wrong-type/compose\.yaml:5:12: services\.web\.ports: must be a list$"),
    "unknown-service-key": ([], r"unknown-service-key/compose\.yaml:5:5: services\.web: Additional property enviroment is not allowed"),
    "depends-on-cycle": ([], r"depends-on-cycle/compose\.yaml:5:18: services\.api\.depends_on: dependency cycle detected: api -> worker -> api$"),
    "depends-on-unknown": ([], r"depends-on-unknown/compose\.yaml:6:9: services\.web\.depends_on: service \"web\" depends on undefined service \"database\""),
    "malformed-interpolation": ([], r"malformed-interpolation/compose\.yaml:4:12: services\.web\.image: invalid interpolation format \"busybox:\$\{TAG\""),
    "missing-required-variable": ([], r"missing-required-variable/compose\.yaml:6:26: services\.db\.environment\.POSTGRES_PASSWORD: required variable DB_PASSWORD is missing a value: set it$"),
    "extends-cycle": ([], r"extends-cycle/compose\.yaml:5:5: services\.web\.extends: extends cycle: web -> base -> web"),
    "missing-env-file": ([], r"missing-env-file/compose\.yaml:6:9: services\.web\.env_file: env file .*/web\.env not found"),
    "missing-file": (["-f", "base.yaml", "-f", "compose.prod.yaml"], r"missing-file/compose\.prod\.yaml: compose file not found"),
    "duplicate-key": ([], r"duplicate-key/compose\.yaml:7:5: invalid YAML: mapping key \"environment\" already defined at line 5$"),
    "extends-unknown-service": ([], r"compose\.yaml:6:16: services\.web\.extends: cannot extend service \"web\" in compose\.yaml: service \"base\" not found"),
    "include-conflict": ([], r"include-conflict/compose\.yaml:5:3: services\.db: imported compose file .* defines conflicting service db"),
    "network-mode-with-networks": ([], r"compose\.yaml:5:19: services\.web\.network_mode: service web declares mutually exclusive"),
    "port-bad-format": ([], r"compose\.yaml:6:9: services\.web\.ports\.0: invalid hostPort: 80a$"),
    "undefined-network": ([], r"compose\.yaml:6:9: services\.web\.networks: service \"web\" refers to undefined network frontend"),
    "undefined-secret": ([], r"compose\.yaml:6:9: services\.db\.secrets: service \"db\" refers to undefined secret db_password"),
    "undefined-volume": ([], r"compose\.yaml:6:9: services\.db\.volumes: service \"db\" refers to undefined volume pgdata"),
    "conflicting-cpus": ([], r"compose\.yaml:5:11: services\.worker: can't set distinct values on 'cpus' and 'deploy\.resources\.limits\.cpus'"),
    "conflicting-memory": ([], r"compose\.yaml:6:16: services\.worker: can't set distinct values on 'mem_limit' and 'deploy\.resources\.limits\.memory'"),
}
ACCEPTED = {"invalid-project-name", "start-interval-without-start-period"}  # compose accepts these too


def position_outside(line, cwd):
    """Why the error's file:line:col lies past the end of its file or line, or None."""
    m = re.match(r"rehearsa: (.+?):(\d+):(\d+): ", line)
    if not m:
        return None
    path, row, col = os.path.join(cwd, m[1]), int(m[2]), int(m[3])
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read().split("\n")
    if row > len(text) or col > len(text[row - 1]) + 1:
        return f"{m[1]}:{row}:{col} lies outside the file ({len(text)} lines)"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rehearsa", required=True)
    ap.add_argument("--root", required=True)
    o = ap.parse_args()
    binary = os.path.abspath(o.rehearsa)
    passed = failed = 0
    dirs = sorted(d for d in os.listdir(o.root) if os.path.isdir(os.path.join(o.root, d)))
    unknown = [d for d in dirs if d not in CASES and d not in ACCEPTED]
    with tempfile.TemporaryDirectory() as home:
        for d in dirs:
            if d in ACCEPTED:
                continue
            args, pattern = CASES.get(d, ([], "(no expectation written for this class)"))
            cwd = os.path.join(o.root, d)
            argv = [binary, "config", "--format", "json"] + (args or ["-f", "compose.yaml"])
            p = subprocess.run(argv, cwd=cwd, env={"PATH": "/usr/bin:/bin", "HOME": home},
                               capture_output=True, text=True, timeout=30)
            lines = p.stderr.splitlines()
            problems = []
            if p.returncode != 3:
                problems.append(f"exit {p.returncode}, expected 3")
            if p.stdout:
                problems.append(f"stdout not empty: {p.stdout[:100]!r}")
            if len(lines) != 1:
                problems.append(f"{len(lines)} lines of error, expected 1: {lines[:3]}")
            elif not lines[0].startswith("rehearsa: ") or not re.search(pattern, lines[0]):
                problems.append(f"error {lines[0]!r} does not match {pattern!r}")
            elif outside := position_outside(lines[0], cwd):
                problems.append(outside)
            if problems:
                failed += 1
                print(f"FAIL {d}: " + "; ".join(problems))
            else:
                passed += 1
                print(f"ok   {d}: {lines[0]}")
    for d in unknown:
        print(f"FAIL {d}: fixture class has no expectation in {__file__}")
    failed += len(unknown)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
