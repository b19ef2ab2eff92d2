#!/usr/bin/env python3
"""Acceptance (issues 3 and 4): the reports of a real rehearsal pass their consumers' validators.

Rehearses fixtures/stacks/inject with --inject-failure db:exit, so every kind of test case
appears: a failed service (db), blocked ones (api, worker), preflight findings. All seven formats
are written, twice: JUnit in the default profile and in the strict one. Checked with
../shared/tools/sarif-validate (SARIF spec and GitHub's ingestion rules), xmllint (well-formed;
the strict JUnit against junit-10.xsd and the Ant JUnit.xsd), the GitLab Code Quality schema, and
docs/formats/report-json.schema.json. Also: the SARIF has a result on db's line for the failure,
and the JUnit rehearsal suite has one case per service (a failure for db, skipped for the others).

Usage: stack_reports.py [--rehearsa BIN]        exit 0 pass, 1 fail, 77 skip (no Docker)
"""
import json
import os
import subprocess
import xml.etree.ElementTree as ET

from support import ROOT, SHARED, Test

FORMATS = {"json": "report.json", "sarif": "report.sarif", "junit": "junit.xml", "codequality": "cq.json",
           "markdown": "summary.md", "github": "annotations.txt", "console": "console.txt"}


def run(t, project, profile):
    out = os.path.join(t.tmp, profile)
    os.makedirs(out, exist_ok=True)
    reports = [a for f, name in FORMATS.items() for a in ("--report", f"{f}={os.path.join(out, name)}")]
    argv = [t.rehearsa, "stack", "test", "-f", os.path.join(ROOT, "fixtures/stacks/inject/compose.yaml"), "-p",
            project, "--inject-failure", "db:exit", "--timeout", "120", "--junit-profile", profile, *reports]
    print("$ " + " ".join(argv))
    p = subprocess.run(argv, capture_output=True, text=True, env=t.env(), cwd=t.tmp, timeout=600)
    t.check(p.returncode == 3, f"{profile}: exit 3", f"exit {p.returncode}: {p.stderr.strip()[-500:]}")
    return {f: os.path.join(out, name) for f, name in FORMATS.items()}


def validate_json(t, path, schema_path, what, each=False):
    """The document, or with each=True every entry of the array (the Code Quality schema is one issue's)."""
    try:
        import jsonschema
    except ImportError:
        t.fatal("python3-jsonschema is installed (scripts/install-deps installs it)")
    with open(schema_path) as f:
        validator = jsonschema.Draft7Validator(json.load(f))
    with open(path) as f:
        document = json.load(f)
    errors = [e for item in (document if each else [document]) for e in validator.iter_errors(item)]
    t.check(not errors, f"{what} is valid against {os.path.basename(schema_path)}",
            "; ".join(e.message[:200] for e in errors[:3]))


def check_reports(t, paths, profile):
    sarif = subprocess.run([os.path.join(SHARED, "tools", "sarif-validate"), paths["sarif"]], capture_output=True,
                           text=True)
    t.check(sarif.returncode == 0, f"{profile}: sarif-validate", sarif.stdout[-800:] + sarif.stderr[-800:])
    xml = subprocess.run(["xmllint", "--noout", paths["junit"]], capture_output=True, text=True)
    t.check(xml.returncode == 0, f"{profile}: JUnit is well-formed (xmllint)", xml.stderr[-500:])
    if profile == "strict":
        for xsd in ("junit-10.xsd", "JUnit.xsd"):
            v = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(SHARED, "schemas", xsd),
                                paths["junit"]], capture_output=True, text=True)
            t.check(v.returncode == 0, f"strict JUnit validates against {xsd}", v.stderr[-500:])
    validate_json(t, paths["codequality"], os.path.join(SHARED, "schemas", "codeclimate.json"), "Code Quality", each=True)
    validate_json(t, paths["json"], os.path.join(ROOT, "docs/formats/report-json.schema.json"), "the JSON report")


def check_content(t, paths):
    with open(paths["sarif"]) as f:
        results = json.load(f)["runs"][0]["results"]
    failed = [r for r in results if r.get("ruleId") == "service-failed"]
    t.check(len(failed) == 1, "SARIF: one service-failed result (db)", f"{len(failed)}")
    if failed:
        region = failed[0]["locations"][0]["physicalLocation"]["region"]
        t.check(region.get("startLine", 0) > 0, "SARIF: the failure sits on db's line", repr(region))
    suites = {s.get("name"): s for s in ET.parse(paths["junit"]).getroot().iter("testsuite")}
    rehearsal = suites.get("rehearsal")
    t.check(rehearsal is not None, "JUnit: a 'rehearsal' suite", repr(list(suites)))
    if rehearsal is None:
        return
    cases = {c.get("name"): c for c in rehearsal.iter("testcase")}
    t.check(sorted(cases) == ["api", "db", "worker"], "JUnit: a case per service", repr(sorted(cases)))
    t.check(cases.get("db") is not None and cases["db"].find("failure") is not None, "JUnit: db failed")
    for name in ("api", "worker"):
        case = cases.get(name)
        skipped = case is not None and case.find("skipped") is not None
        t.check(skipped and "blocked" in case.find("skipped").get("message", ""), f"JUnit: {name} skipped, blocked")


def main():
    t = Test("stack-reports", __doc__)
    for profile in ("default", "strict"):
        paths = run(t, t.project(profile), profile)
        check_reports(t, paths, profile)
        if profile == "default":
            check_content(t, paths)
    t.finish()


if __name__ == "__main__":
    main()
