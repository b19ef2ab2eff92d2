#!/usr/bin/env python3
"""Loader conformance: `rehearsa config --format json` against the reference implementation's
recorded `docker compose config --format json` output (*.oracle.json / *.oracle.err).

Usage: conformance.py --rehearsa BIN --root DIR [--min-score 95] [--strict-skip]

Each oracle is run as ORACLE.md describes: `-f F --project-directory dirname(F)` (a *.compose-set
lists several files), cwd = that directory, `env -i` with an empty HOME, plus the optional
`<name>.oracle.args` (extra CLI arguments) and `<name>.oracle.environ` (KEY=VALUE lines).
Fields compared, per service: image, command, entrypoint, environment, env_file, volumes
(type/source/target/read_only), ports, depends_on, healthcheck, networks, network_mode,
profiles, secrets; plus the set of services. A refused file (*.oracle.err) must be refused too,
with exit 3 and an error that names what compose's error names (its quoted words).
A `<name>.oracle.divergence` file explains a deliberate difference; it is still counted as a
mismatch, and printed as such.
Also compares `config --services` with *.services.txt and *.services.all-profiles.txt.
Exit 0 when the score reaches --min-score, else 1; 77 (skip) when --root does not exist,
unless CI=true.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

FIELDS = ["image", "command", "entrypoint", "environment", "env_file", "volumes", "ports",
          "depends_on", "healthcheck", "networks", "network_mode", "profiles", "secrets"]
VOLUME_KEYS = ["type", "source", "target", "read_only"]


def find_oracles(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            for suffix in (".oracle.json", ".oracle.err"):
                if name.endswith(suffix):
                    yield os.path.join(dirpath, name[: -len(suffix)]), suffix


def invocation(subject):
    """Returns (args, cwd, extra_environ) for a compose file or a *.compose-set."""
    d = os.path.dirname(subject)
    if subject.endswith(".compose-set"):
        files = [l.strip() for l in open(subject) if l.strip() and not l.startswith("#")]
    else:
        files = [os.path.basename(subject)]
    args = []
    for f in files:
        args += ["-f", f]
    args += ["--project-directory", d]
    if os.path.exists(subject + ".oracle.args"):
        args += shlex.split(open(subject + ".oracle.args").read())
    environ = {}
    if os.path.exists(subject + ".oracle.environ"):
        for line in open(subject + ".oracle.environ"):
            line = line.rstrip("\n")
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                environ[k] = v
    return args, d, environ


def run(binary, args, cwd, environ, home):
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home}
    env.update(environ)
    return subprocess.run([binary] + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def volume_view(v):
    return {k: v.get(k) for k in VOLUME_KEYS if k in v and not (k == "read_only" and v[k] is False)}


def field_view(field, value):
    if field == "volumes" and isinstance(value, list):
        return [volume_view(v) for v in value]
    return value


def compare_model(expected, actual):
    """Returns a list of mismatch descriptions (empty when equal on the compared fields)."""
    problems = []
    es, as_ = expected.get("services", {}), actual.get("services", {})
    if sorted(es) != sorted(as_):
        problems.append(f"services: expected {sorted(es)}, got {sorted(as_)}")
    for name in sorted(set(es) & set(as_)):
        for field in FIELDS:
            e = field_view(field, es[name].get(field))
            a = field_view(field, as_[name].get(field))
            if e != a:
                problems.append(f"services.{name}.{field}: expected {json.dumps(e)}, got {json.dumps(a)}")
    return problems


def quoted_words(text):
    return set(re.findall(r'"([^"\s]{1,80})"', text))


def check_refusal(err_text, proc):
    problems = []
    if proc.returncode != 3:
        problems.append(f"expected refusal with exit 3, got exit {proc.returncode}")
    for word in sorted(quoted_words(err_text)):
        if word not in proc.stderr:
            problems.append(f"error does not name {word!r}: {proc.stderr.strip()[:300]}")
    return problems


def check_services(binary, subject, args, cwd, environ, home):
    problems = []
    for suffix, extra in ((".services.txt", []), (".services.all-profiles.txt", ["--profile", "*"])):
        path = subject + suffix
        if not os.path.exists(path):
            continue
        proc = run(binary, ["config", "--services"] + args + extra, cwd, environ, home)
        want = sorted(l for l in open(path).read().split("\n") if l)
        got = sorted(l for l in proc.stdout.split("\n") if l)
        if want != got:
            problems.append(f"config --services{' --profile *' if extra else ''}: expected {want}, got {got}")
    return problems


def check(binary, root, subject, suffix, home):
    args, cwd, environ = invocation(subject)
    proc = run(binary, ["config", "--format", "json"] + args, cwd, environ, home)
    oracle = open(subject + suffix).read().replace("@CORPUS@", os.path.abspath(root)).replace("@HOME@", home)
    if suffix == ".oracle.err":
        return check_refusal(oracle, proc)
    if proc.returncode != 0:
        return [f"rehearsa refused it (exit {proc.returncode}): {proc.stderr.strip()[:400]}"]
    try:
        actual = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        return [f"output is not JSON: {e}"]
    return compare_model(json.loads(oracle), actual) + check_services(binary, subject, args, cwd, environ, home)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rehearsa", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--min-score", type=float, default=95.0)
    ap.add_argument("--label", default=None)
    o = ap.parse_args()
    if not os.path.isdir(o.root):
        print(f"conformance: {o.root} not found")
        sys.exit(1 if os.environ.get("CI") == "true" else 77)
    label = o.label or o.root
    o.root = os.path.abspath(o.root)
    o.rehearsa = os.path.abspath(o.rehearsa)
    oracles = list(find_oracles(o.root))
    if not oracles:
        print(f"conformance: no oracles under {o.root}")
        sys.exit(1)
    ok = 0
    with tempfile.TemporaryDirectory() as home:
        for subject, suffix in oracles:
            problems = check(o.rehearsa, o.root, subject, suffix, home)
            rel = os.path.relpath(subject, o.root)
            divergence = subject + ".oracle.divergence"
            if problems and os.path.exists(divergence):
                reason = " ".join(open(divergence).read().split())
                print(f"DIVERGES {rel}{suffix} (documented, counted as a mismatch): {reason[:300]}")
            elif problems:
                print(f"MISMATCH {rel}{suffix}")
                for p in problems[:12]:
                    print(f"    {p}")
            else:
                ok += 1
                print(f"ok       {rel}{suffix}")
    score = 100.0 * ok / len(oracles)
    print(f"conformance {label}: {ok}/{len(oracles)} files match exactly ({score:.1f}%, need {o.min_score:.0f}%)")
    print(f"{ok} passed, {len(oracles) - ok} failed")
    sys.exit(0 if score >= o.min_score else 1)


if __name__ == "__main__":
    main()
