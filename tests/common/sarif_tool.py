"""../shared/tools/sarif-validate, run on many files at once.

The tool (Microsoft's SARIF Multitool) spends about 6 s of each call waiting on the network, not
the CPU, and the wrapper validates its files one after another; so the files are validated one a
call, several calls at a time. Each call is exactly the shared tool as CI-CONVENTIONS.md names it.
"""
import concurrent.futures
import os
import subprocess

JOBS = 8  # concurrent calls: each uses ~0.7 s of CPU over ~6 s of waiting


def validate(shared, paths, jobs=JOBS):
    """{path: CompletedProcess of `sarif-validate path`} for every path, run `jobs` at a time."""
    tool = os.path.join(shared, "tools", "sarif-validate")

    def one(path):
        return path, subprocess.run([tool, path], capture_output=True, text=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return dict(pool.map(one, paths))


def passed(path, proc):
    """The shared tool's own verdict on one file: exit 0 and its `ok` line."""
    return proc.returncode == 0 and f"sarif-validate: {path}: ok" in proc.stdout
