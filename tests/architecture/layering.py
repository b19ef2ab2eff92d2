#!/usr/bin/env python3
"""The layering of docs/architecture.md, enforced: every `#include "..."` line of src/ and reporters/
must be allowed by the table there ("May include"). A violation is printed as
`FILE:LINE: FOLDER may not include HEADER (FOLDER); it may include: ...`, and the test fails.

Usage:
  layering.py [--root DIR]    check the tree at DIR (default: the repository); exit 0 or 1
  layering.py --self-test     prove the check can fail: in a copy of the tree, a reporter that
                              includes sandbox/result.hpp, and an include of an unknown folder,
                              must each be reported with their file and line
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
GENERATED = {"rehearsa_config.hpp"}  # written by meson into the build directory
NOTHING = {"nothing", "—", "-", ""}


def read_table(root):
    """{folder: set of folders it may include}, from docs/architecture.md."""
    allowed = {}
    with open(os.path.join(root, "docs", "architecture.md"), encoding="utf-8") as doc:
        for line in doc:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) != 3 or not cells[0].startswith("`"):
                continue
            folder = cells[0].strip("`")
            names = re.findall(r"`([^`]+)`", cells[2])
            if not names and cells[2].lower() not in NOTHING:
                raise SystemExit(f"docs/architecture.md: row {folder}: cannot read '{cells[2]}'")
            allowed[folder] = set(names)
    if not allowed:
        raise SystemExit("docs/architecture.md: no layering table found")
    return allowed


def folder_of(relative):
    """'src/plan/plan.cpp' -> 'plan', 'reporters/json.cpp' -> 'reporters', 'src/main.cpp' -> 'main.cpp'."""
    parts = relative.split("/")
    if parts[0] == "reporters":
        return "reporters"
    return parts[1] if len(parts) > 2 else parts[-1]


def sources(root):
    for top in ("src", "reporters"):
        for base, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".cpp", ".hpp", ".h")):
                    path = os.path.join(base, name)
                    yield path, os.path.relpath(path, root).replace(os.sep, "/")


def target_of(header, path):
    """The folder an include names, or None for a generated header or one beside the file."""
    if "/" in header:
        return header.split("/")[0]
    if header in GENERATED or os.path.exists(os.path.join(os.path.dirname(path), header)):
        return None
    return header


def violations(root):
    allowed = read_table(root)
    found = []
    for path, relative in sources(root):
        folder = folder_of(relative)
        if folder not in allowed:
            found.append(f"{relative}:1: folder '{folder}' has no row in docs/architecture.md")
            continue
        with open(path, encoding="utf-8", errors="replace") as source:
            for number, line in enumerate(source, 1):
                match = INCLUDE.match(line)
                target = match and target_of(match.group(1), path)
                if not target or target == folder or target in allowed[folder]:
                    continue
                may = ", ".join(sorted(allowed[folder])) or "nothing"
                found.append(f"{relative}:{number}: {folder} may not include {match.group(1)} ({target}); "
                             f"it may include: {may}")
    return found


def check(root):
    found = violations(root)
    for line in found:
        print(line)
    count = sum(1 for _ in sources(root))
    print(f"layering: {count} files, {len(found)} forbidden include{'s' if len(found) != 1 else ''}")
    return 1 if found else 0


def self_test():
    """The check must name each planted violation; a check that cannot fail proves nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("docs", "src", "reporters"):
            shutil.copytree(os.path.join(ROOT, part), os.path.join(tmp, part))
        planted = {
            "reporters/planted.hpp": ('#pragma once\n#include "sandbox/result.hpp"\n', 2, "(sandbox)"),
            "src/util/planted.cpp": ('// util includes nothing\n#include "compose/node.hpp"\n', 2, "(compose)"),
            "src/store/planted.cpp": ('#include "sandbox/run.hpp"\n', 1, "(sandbox)"),
            "src/compose/planted.cpp": ('#include "util/error.hpp"\n#include "docker/specs.hpp"\n', 2, "(docker)"),
        }
        for relative, (text, _, _) in planted.items():
            with open(os.path.join(tmp, relative), "w", encoding="utf-8") as f:
                f.write(text)
        p = subprocess.run([sys.executable, __file__, "--root", tmp], capture_output=True, text=True)
        print(p.stdout, end="")
        failures = [] if p.returncode == 1 else [f"exit {p.returncode}, expected 1"]
        for relative, (_, line, target) in planted.items():
            if not any(l.startswith(f"{relative}:{line}: ") and target in l for l in p.stdout.splitlines()):
                failures.append(f"{relative}:{line} {target} was not reported")
        if len(p.stdout.splitlines()) != len(planted) + 1:
            failures.append("the real tree is not clean, or more than the planted lines were reported")
    for f in failures:
        print(f"self-test: FAIL: {f}")
    print(f"self-test: {'FAIL' if failures else 'PASS'}: {len(planted)} planted includes")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=ROOT)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    return self_test() if args.self_test else check(args.root)


if __name__ == "__main__":
    sys.exit(main())
