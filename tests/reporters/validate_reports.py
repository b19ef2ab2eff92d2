#!/usr/bin/env python3
"""Checks that rehearsa's machine reports stay valid for the tools that read them.

Usage:
  validate_reports.py goldens --source-root DIR --shared DIR
  validate_reports.py lint --rehearsa BIN --source-root DIR --shared DIR

goldens: the approved reports under tests/golden/ (their masked times are put back first).
lint:    real `rehearsa lint` output for every fixture under fixtures/lint/ (each rule fires on its
         bad.yml; good.yml files carry suppressions) and every compose file of the shared corpus.

Checks, per format:
  sarif        ../shared/tools/sarif-validate (Microsoft's SARIF Multitool with GitHub's ingestion
               rules) and the OASIS SARIF 2.1.0 schema;
  codequality  every entry against GitLab's codeclimate.json (GitLab stops at the first invalid
               one), GitLab's severity names, unique fingerprints;
  json         docs/formats/report-json.schema.json.
Exit 0 when everything is valid, 1 otherwise; 77 (skip) when ../shared or python3-jsonschema is
missing, unless CI=true, where a skip would hide a broken report.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "common"))
import sarif_tool  # noqa: E402  (sarif-validate on many logs in few calls)

SKIP = 77
MASKED_TIME = "2025-11-25T12:00:00.000Z"
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
FORMATS = {"sarif": ".sarif", "codequality": ".json", "json": ".json"}


def skip(reason):
    if os.environ.get("CI") == "true":
        print(f"FAIL: {reason} (a skip is a failure under CI=true)")
        sys.exit(1)
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


try:
    import jsonschema
except ImportError:
    skip("python3-jsonschema is not installed")


def load_schema(path, validator_class):
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class.check_schema(schema)
    return validator_class(schema)


class Checker:
    def __init__(self, source_root, shared):
        schemas = os.path.join(shared, "schemas")
        self.shared = shared
        self.sarif_schema = load_schema(os.path.join(schemas, "sarif-schema-2.1.0.json"),
                                        jsonschema.Draft4Validator)
        self.codeclimate = load_schema(os.path.join(schemas, "codeclimate.json"), jsonschema.Draft7Validator)
        self.report = load_schema(os.path.join(source_root, "docs", "formats", "report-json.schema.json"),
                                  jsonschema.Draft7Validator)
        self.errors = []

    def fail(self, path, message):
        self.errors.append(f"{path}: {message}")

    def schema_errors(self, validator, document, path, where=""):
        for error in validator.iter_errors(document):
            self.fail(path, f"{where}{'/'.join(map(str, error.absolute_path))}: {error.message}")

    def sarif(self, paths, workdir):
        for path in paths:
            self.schema_errors(self.sarif_schema, sarif_tool.read_json(path), path)
        for _, merged, run in sarif_tool.validate(self.shared, paths, workdir):
            print(run.stdout, run.stderr, sep="", end="")
            if not sarif_tool.passed(merged, run):
                self.fail(merged, "sarif-validate reported errors (above)")

    def codequality(self, path):
        entries = sarif_tool.read_json(path)
        if not isinstance(entries, list):
            self.fail(path, "not a JSON array")
            return
        for i, entry in enumerate(entries):
            self.schema_errors(self.codeclimate, entry, path, f"[{i}]/")
            if entry.get("severity") not in GITLAB_SEVERITIES:
                self.fail(path, f"[{i}]: severity {entry.get('severity')!r} is not one of GitLab's")
        fingerprints = [entry.get("fingerprint") for entry in entries]
        if len(set(fingerprints)) != len(fingerprints):
            self.fail(path, "fingerprints are not unique")

    def json(self, path):
        self.schema_errors(self.report, sarif_tool.read_json(path), path)

    def check(self, fmt, paths, workdir):
        if fmt == "sarif":
            self.sarif(paths, workdir)
        else:
            for path in paths:
                getattr(self, fmt)(path)
        print(f"{fmt}: checked {len(paths)} file(s)")


def unmasked_goldens(source_root, fmt, workdir):
    """Copies of the goldens of one format with <TIME> replaced by a real timestamp."""
    out = []
    for golden in sorted(glob.glob(os.path.join(source_root, "tests", "golden", fmt, "*"))):
        with open(golden, encoding="utf-8") as f:
            text = f.read().replace("<TIME>", MASKED_TIME)
        copy = os.path.join(workdir, f"{fmt}-{os.path.basename(golden)}")
        with open(copy, "w", encoding="utf-8") as f:
            f.write(text)
        out.append(copy)
    if not out:
        print(f"no goldens for {fmt}")
    return out


def lint_inputs(source_root, shared):
    lint = os.path.join(source_root, "fixtures", "lint")
    inputs = sorted(glob.glob(os.path.join(lint, "*", "bad.yml")) + glob.glob(os.path.join(lint, "*", "good.yml")))
    corpus = os.path.join(shared, "corpus", "awesome-compose")
    for pattern in ("*/compose.yaml", "*/compose.yml", "*/docker-compose.yml", "*/docker-compose.yaml"):
        inputs += sorted(glob.glob(os.path.join(corpus, pattern)))
    return inputs


def lint_reports(rehearsa, compose_file, workdir, index):
    """Runs `rehearsa lint` with the three reports; returns {format: path}, or None if it failed."""
    paths = {fmt: os.path.join(workdir, f"lint-{index}-{fmt}{ext}") for fmt, ext in FORMATS.items()}
    args = [os.path.abspath(rehearsa), "lint", "--fail-on", "none"]
    for fmt, path in paths.items():
        args += ["--report", f"{fmt}={path}"]
    run = subprocess.run(args + [compose_file], cwd=os.path.dirname(compose_file), capture_output=True,
                         text=True, env={"PATH": os.environ.get("PATH", ""), "HOME": workdir})
    if run.returncode == 3:  # an input rehearsa refuses writes no report; the loader tests cover it
        return None
    if run.returncode != 0:
        raise SystemExit(f"{compose_file}: rehearsa lint exited {run.returncode}: {run.stderr}")
    return paths


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["goldens", "lint"])
    parser.add_argument("--source-root", required=True)
    parser.add_argument("--shared", required=True)
    parser.add_argument("--rehearsa")
    args = parser.parse_args()
    if not os.path.isdir(args.shared):
        skip(f"{args.shared} does not exist")
    checker = Checker(args.source_root, args.shared)
    with tempfile.TemporaryDirectory() as workdir:
        if args.mode == "goldens":
            for fmt in FORMATS:
                checker.check(fmt, unmasked_goldens(args.source_root, fmt, workdir), workdir)
        else:
            runs = [lint_reports(args.rehearsa, f, workdir, i)
                    for i, f in enumerate(lint_inputs(args.source_root, args.shared))]
            runs = [r for r in runs if r]
            print(f"linted {len(runs)} compose file(s)")
            if not runs:  # a check of nothing proves nothing
                checker.fail(args.source_root, "no compose file was linted into reports")
            for fmt in FORMATS:
                checker.check(fmt, [r[fmt] for r in runs], workdir)
    for error in checker.errors:
        print(f"INVALID: {error}")
    return 1 if checker.errors else 0


if __name__ == "__main__":
    sys.exit(main())
