"""../shared/tools/sarif-validate on many SARIF logs, in as few calls as GitHub's limits allow.

Each call of the tool (Microsoft's SARIF Multitool) costs about 6 s, mostly waiting, and calls
made side by side wait for each other. So the runs of many logs are validated together: merged
into logs of at most MAX_RUNS runs, each run verbatim, never two runs with the same category in
one log (GitHub's ingestion rules, which the tool checks, allow neither). Each call is exactly the
shared tool that CI-CONVENTIONS.md names.
"""
import json
import os
import subprocess

MAX_RUNS = 20  # GitHub rejects an upload with more runs


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def category(log):
    return log["runs"][0].get("automationDetails", {}).get("id")


def batches(paths):
    """The paths grouped so that no group has more than MAX_RUNS logs or two of one category."""
    groups = []  # (categories, paths)
    for path in paths:
        cat = category(read_json(path))
        group = next((g for g in groups if cat not in g[0] and len(g[1]) < MAX_RUNS), None)
        if group is None:
            group = (set(), [])
            groups.append(group)
        group[0].add(cat)
        group[1].append(path)
    return [g[1] for g in groups]


def merge_runs(paths):
    logs = [read_json(path) for path in paths]
    merged = {key: value for key, value in logs[0].items() if key != "runs"}
    merged["runs"] = [run for log in logs for run in log["runs"]]
    return merged


def validate(shared, paths, workdir):
    """Validates every log; returns [(the logs of one call, its merged log, CompletedProcess)].
    Prints which run of which merged log is which file."""
    tool = os.path.join(shared, "tools", "sarif-validate")
    out = []
    for i, batch in enumerate(batches(paths)):
        merged = os.path.join(workdir, f"sarif-batch-{i}.sarif")
        with open(merged, "w", encoding="utf-8") as f:
            json.dump(merge_runs(batch), f, indent=1)
        for n, path in enumerate(batch):
            print(f"{merged}: runs[{n}] is {path}")
        out.append((batch, merged, subprocess.run([tool, merged], capture_output=True, text=True)))
    return out


def passed(path, proc):
    """The shared tool's own verdict on one file: exit 0 and its `ok` line."""
    return proc.returncode == 0 and f"sarif-validate: {path}: ok" in proc.stdout
