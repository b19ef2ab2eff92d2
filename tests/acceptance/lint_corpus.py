#!/usr/bin/env python3
"""Acceptance: `rehearsa lint` on every compose file of the public corpus, as a CI job runs it,
with every report checked by what its consumer validates.

Usage: lint_corpus.py --rehearsa BIN --shared DIR [--only SUBSTRING]     (DIR: ../shared)

Each corpus file is linted as tests/conformance/conformance.py loads it (its `invocation`: -f F
--project-directory D, cwd D, a clean environment plus any `<name>.oracle.args` and
`<name>.oracle.environ`), with
    rehearsa lint --fail-on none --report sarif=o.sarif --report junit=o.xml
                  --report codequality=o.json --report markdown=o.md ...
writing into a temporary directory. A file passes when:
- rehearsa exits 0, 1 or 3, and 3 only where the reference implementation refuses the file too
  (a `*.oracle.err`); a signal or any other code fails it;
- every report exists and is not empty;
- the SARIF names its `$schema`, is valid against shared/schemas/sarif-schema-2.1.0.json, has
  `results` in every run (upload-sarif rejects a run without) and passes
  shared/tools/sarif-validate with zero errors (runs merged into few calls: each call takes ~6 s);
- the JUnit is well-formed XML (`xmllint --noout`);
- every Code Quality entry validates against shared/schemas/codeclimate.json, fingerprints are
  unique (GitLab keeps one entry per fingerprint), and there is one entry per unsuppressed SARIF
  result.
Also, lint needs no Docker daemon: one file is linted again with DOCKER_HOST pointing at a socket
that does not exist, and must exit as before with a console report on stdout.
Prints the findings per rule and ends with `lint_corpus: N passed, N failed`.
Exit 0 when every file passes, else 1; 77 (skip) when the corpus is absent, unless CI=true.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "conformance"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "common"))
from conformance import find_oracles, invocation, run  # noqa: E402  (one definition of "how to load a corpus file")
import sarif_tool  # noqa: E402  (sarif-validate on many logs in few calls)

REPORTS = {"sarif": "o.sarif", "junit": "o.xml", "codequality": "o.json", "markdown": "o.md"}
NO_DOCKER = "unix:///nonexistent.sock"


def load_validators(shared):
    """JSON Schema validators for the Code Quality entries and the SARIF log."""
    try:
        import jsonschema
    except ImportError:
        sys.exit("lint_corpus: the python3 module jsonschema is missing; run scripts/install-deps "
                 "(Debian package python3-jsonschema)")
    validators = {}
    for name, schema_file in (("codequality", "codeclimate.json"), ("sarif", "sarif-schema-2.1.0.json")):
        with open(os.path.join(shared, "schemas", schema_file)) as f:
            schema = json.load(f)
        validators[name] = jsonschema.validators.validator_for(schema)(schema)
    return validators


def lint(binary, subject, out_dir, home, extra_environ=None, reports=True):
    args, cwd, environ = invocation(subject)
    environ.update(extra_environ or {})
    report_args = []
    for fmt, name in REPORTS.items() if reports else []:
        report_args += ["--report", f"{fmt}={os.path.join(out_dir, name)}"]
    return run(binary, ["lint", "--fail-on", "none"] + report_args + args, cwd, environ, home)


def check_exit(proc, refused):
    code = proc.returncode
    if code < 0:
        return [f"killed by signal {-code}: {proc.stderr.strip()[:300]}"]
    if code not in (0, 1, 3):
        return [f"exit {code}, expected 0, 1 or 3: {proc.stderr.strip()[:300]}"]
    if code == 3 and not refused:
        return [f"exit 3, but the reference implementation loads this file: {proc.stderr.strip()[:300]}"]
    return []


def read_json(path, problems, what):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        problems.append(f"{what} is not JSON: {e}")
        return None


def sarif_results(sarif, validator, problems):
    """The results of every run, after checking the log against the SARIF schema. sarif-validate
    checks the schema only when the log names it in `$schema`, so it is checked here as well."""
    for error in list(validator.iter_errors(sarif))[:5]:
        problems.append(f"sarif: {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
    if not isinstance(sarif, dict) or sarif.get("version") != "2.1.0" or "$schema" not in sarif:
        problems.append("sarif: no $schema, or version is not 2.1.0")
        return []
    results = []
    for i, run_ in enumerate(sarif.get("runs", [])):
        if not isinstance(run_.get("results"), list):
            problems.append(f"sarif: runs[{i}] has no results array (upload-sarif rejects it)")
        results += run_.get("results") or []
    if not sarif.get("runs"):
        problems.append("sarif: no runs")
    return results


def check_codequality(entries, validator, unsuppressed, problems):
    if not isinstance(entries, list):
        problems.append("codequality: not a JSON array")
        return
    for i, entry in enumerate(entries):
        for error in validator.iter_errors(entry):
            problems.append(f"codequality[{i}]: {error.message}")
    fingerprints = [e.get("fingerprint") for e in entries if isinstance(e, dict)]
    if len(set(fingerprints)) != len(fingerprints):
        problems.append("codequality: fingerprints are not unique")
    if len(entries) != unsuppressed:
        problems.append(f"codequality: {len(entries)} entries for {unsuppressed} unsuppressed SARIF results")


def check_reports(out_dir, validators, rules):
    """Checks what needs no external tool; returns the problems. Counts the findings per rule."""
    problems = [f"{fmt}: {name} is missing or empty" for fmt, name in REPORTS.items()
                if not os.path.exists(os.path.join(out_dir, name)) or os.path.getsize(os.path.join(out_dir, name)) == 0]
    if problems:
        return problems
    xml = subprocess.run(["xmllint", "--noout", os.path.join(out_dir, REPORTS["junit"])], capture_output=True, text=True)
    if xml.returncode != 0:
        problems.append(f"junit: not well-formed: {xml.stderr.strip()[:300]}")
    sarif = read_json(os.path.join(out_dir, REPORTS["sarif"]), problems, "sarif")
    results = sarif_results(sarif, validators["sarif"], problems) if sarif is not None else []
    rules.update(r.get("ruleId", "?") for r in results)
    entries = read_json(os.path.join(out_dir, REPORTS["codequality"]), problems, "codequality")
    if entries is not None:
        check_codequality(entries, validators["codequality"], sum(1 for r in results if not r.get("suppressions")), problems)
    return problems


def sarif_validate(shared, paths, work):
    """sarif-validate on every file, runs merged into few calls; returns ({path: error lines} for the
    files of a failed call, the distinct warnings, without their file and position)."""
    failed, warnings = {}, set()
    for batch, merged, proc in sarif_tool.validate(shared, paths, work):
        lines = (proc.stdout + proc.stderr).splitlines()
        if not sarif_tool.passed(merged, proc):
            errors = [l[len(merged):] for l in lines if l.startswith(merged) and ": error " in l][:8] or lines[-3:]
            failed.update({path: errors for path in batch})
        warnings |= {l.split(": warning ", 1)[1] for l in lines if ": warning " in l}
    return failed, warnings


def check_without_docker(binary, subject, home, expected_code):
    """lint never talks to Docker: an unreachable daemon changes nothing."""
    proc = lint(binary, subject, None, home, {"DOCKER_HOST": NO_DOCKER}, reports=False)
    problems = check_exit(proc, refused=False)
    if proc.returncode != expected_code:
        problems.append(f"DOCKER_HOST={NO_DOCKER}: exit {proc.returncode}, {expected_code} with the default host")
    if not proc.stdout.strip():
        problems.append(f"DOCKER_HOST={NO_DOCKER}: no console report on stdout")
    return problems


def lint_all(o, subjects, work, home, validators):
    """Lints every file; returns ({name: problems}, {name: sarif path}, rule counts, exit codes)."""
    problems, sarifs, codes, rules = {}, {}, {}, collections.Counter()
    for subject, name in subjects:
        out_dir = os.path.join(work, name.replace(os.sep, "__"))
        os.makedirs(out_dir)
        proc = lint(o.rehearsa, subject, out_dir, home)
        codes[name] = proc.returncode
        problems[name] = check_exit(proc, refused=os.path.exists(subject + ".oracle.err"))
        if not problems[name] and proc.returncode != 3:
            problems[name] += check_reports(out_dir, validators, rules)
            if not any(p.startswith("sarif") for p in problems[name]):
                sarifs[name] = os.path.join(out_dir, REPORTS["sarif"])
    return problems, sarifs, rules, codes


def print_summary(problems, rules):
    for name, found in sorted(problems.items()):
        print(f"{'ok  ' if not found else 'FAIL'} {name}")
        for p in found[:10]:
            print(f"       {p}")
    print(f"files linted: {len(problems)}")
    print("findings per rule:" + ("" if rules else " none"))
    for rule, count in sorted(rules.items()):
        print(f"  {rule:40} {count}")
    failed = sum(1 for found in problems.values() if found)
    print(f"lint_corpus: {len(problems) - failed} passed, {failed} failed")
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rehearsa", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--only", default="", help="lint only the corpus files whose path contains this")
    o = ap.parse_args()
    o.rehearsa, o.shared = os.path.abspath(o.rehearsa), os.path.abspath(o.shared)
    corpus = os.path.join(o.shared, "corpus")
    if not os.path.isdir(corpus):
        print(f"lint_corpus: {corpus} not found")
        sys.exit(1 if os.environ.get("CI") == "true" else 77)
    validators = load_validators(o.shared)
    subjects = [(subject, os.path.relpath(subject, corpus)) for subject, _ in find_oracles(corpus)
                if o.only in os.path.relpath(subject, corpus)]
    if not subjects:
        sys.exit(f"lint_corpus: no compose files under {corpus}")
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as work:
        problems, sarifs, rules, codes = lint_all(o, subjects, work, home, validators)
        name_of = {path: name for name, path in sarifs.items()}
        failed, warnings = sarif_validate(o.shared, list(sarifs.values()), work)
        for path, lines in failed.items():
            problems[name_of[path]].append("sarif-validate: " + " | ".join(lines))
        loaded = [(subject, name) for subject, name in subjects if codes[name] in (0, 1)]
        if loaded:
            subject, name = loaded[0]
            problems[name] += check_without_docker(o.rehearsa, subject, home, codes[name])
    for warning in sorted(warnings):
        print(f"sarif-validate warning (does not fail): {warning[:300]}")
    sys.exit(1 if print_summary(problems, rules) else 0)


if __name__ == "__main__":
    main()
