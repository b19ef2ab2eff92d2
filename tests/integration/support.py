"""What every integration test of `rehearsa stack test` shares: the arguments, the skip rules, the
fixture images, running rehearsa and reading its JSON report, and listing what carries rehearsa's
labels on the real Docker daemon.

Exit codes of every test: 0 pass, 1 fail, 77 skip (meson's code). A missing Docker daemon, or
fixture images that cannot be built for want of one, is a skip locally and a failure with CI=true
(DESIGN.md, Tests).

Scope. Other rehearsals may run on the same daemon at the same time (a developer's, another
build's), so a test never looks at "every rehearsa resource": each run gets a project name unique
to the test process (`-p rhit-<test>-<pid>`), and resources are listed by the stack label
io.rehearsa.stack=<that name>, and by io.rehearsa.run=<run id> where the run id is known. A test
removes only what carries its own unique stack label (left behind by a failing rehearsa), and the
compose projects and decoys it created itself.
"""
import argparse
import atexit
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STACKS = os.path.join(ROOT, "fixtures", "stacks")
SHARED = os.environ.get("REHEARSA_SHARED") or os.path.join(ROOT, "..", "shared")

LABEL_RUN = "io.rehearsa.run"
LABEL_STACK = "io.rehearsa.stack"
LABEL_SERVICE = "io.rehearsa.service"
LABEL_OWNER = "io.rehearsa.owner"

EXIT_PASS, EXIT_BELOW, EXIT_CRITICAL, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 3, 64, 69
SKIP = 77

# Variables that would change what a compose file means; removed from rehearsa's environment so
# that only the fixture's .env speaks (the interpolation test depends on it).
SCRUBBED = ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "GREETING", "DOCKER_CONTEXT")


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def skip(name, why):
    """A skip locally; a failure in CI, where the daemon is required."""
    if in_ci():
        print(f"{name}: FAIL: {why} (CI=true: the integration tests must run)")
        sys.exit(1)
    print(f"{name}: SKIP: {why}")
    sys.exit(SKIP)


def docker(*args, check=True, timeout=120, **kw):
    """The docker CLI; returns stdout. Raises CalledProcessError when check and it fails."""
    p = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, **kw)
    if check and p.returncode != 0:
        raise subprocess.CalledProcessError(p.returncode, ["docker", *args], p.stdout, p.stderr)
    return p.stdout


def require_docker(name):
    try:
        p = subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"], capture_output=True,
                           text=True, timeout=30)
    except FileNotFoundError:
        skip(name, "docker CLI not found")
    except subprocess.TimeoutExpired:
        skip(name, "the Docker daemon does not answer")
    if p.returncode != 0:
        skip(name, f"no Docker daemon: {p.stderr.strip()[:200]}")


def ensure_images(name, *images):
    """fixtures/images/build (cached: ~0.1-0.5 s when current). Its 77 means no usable Docker."""
    p = subprocess.run([os.path.join(ROOT, "fixtures", "images", "build"), *images], capture_output=True,
                       text=True)
    if p.returncode == SKIP:
        skip(name, f"fixture images unavailable: {p.stderr.strip()[-200:]}")
    if p.returncode != 0:
        print(f"{name}: FAIL: fixtures/images/build failed ({p.returncode}):\n{p.stderr[-2000:]}")
        sys.exit(1)


def compose_v2():
    """Docker Compose v2, the reference (../shared/tools/get-compose-v2 prints its path)."""
    tool = os.path.join(SHARED, "tools", "get-compose-v2")
    return subprocess.run([tool], capture_output=True, text=True, check=True).stdout.strip()


def stack_file(stack):
    return os.path.join(STACKS, stack, "compose.yaml")


def files_args(*stacks):
    out = []
    for s in stacks:
        out += ["-f", stack_file(s)]
    return out


class Test:
    """One acceptance test: its arguments, its unique project name, and its checks. Every check
    prints one line; finish() cleans up and exits 0 when all passed, else 1."""

    def __init__(self, name, description, images=("busybox",), extra_args=None):
        ap = argparse.ArgumentParser(description=description)
        ap.add_argument("--rehearsa", default=os.path.join(os.environ.get("REHEARSA_SOURCE_ROOT", ROOT),
                                                           "build", "rehearsa"))
        for a in extra_args or []:
            ap.add_argument(*a[0], **a[1])
        self.args = ap.parse_args()
        self.name = name
        self.rehearsa = os.path.abspath(self.args.rehearsa)
        self.failures = []
        self.projects = []        # rehearsa project names used: their labelled leftovers are ours
        self.cleanups = []        # callables run by finish(), last first
        require_docker(name)
        ensure_images(name, *images)
        self.tmp = tempfile.mkdtemp(prefix=f"rehearsa-{name}-")

    def project(self, tag=""):
        """A project name unique to this test process; its stack label scopes every listing."""
        p = f"rhit-{self.name}{'-' + tag if tag else ''}-{os.getpid()}"
        self.projects.append(p)
        return p

    def check(self, ok, what, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f"\n       {detail}" if detail and not ok else ""))
        if not ok:
            self.failures.append(what)
        return ok

    def fatal(self, what, detail=""):
        self.check(False, what, detail)
        self.finish()

    def finish(self):
        for f in reversed(self.cleanups):
            try:
                f()
            except Exception as e:  # cleanup must go on; report it
                print(f"warning: cleanup step failed: {e}")
        for p in self.projects:
            removed = remove_labelled(f"{LABEL_STACK}={p}")
            if removed:
                print(f"note: removed leftovers of {p}: {', '.join(removed)}")
        if self.failures:
            print(f"note: reports and logs kept in {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        verdict = "PASS" if not self.failures else f"FAIL ({len(self.failures)} failed)"
        print(f"{self.name}: {verdict}")
        sys.exit(0 if not self.failures else 1)

    # -- running rehearsa --------------------------------------------------------------------

    def env(self, **overrides):
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
        # HOME stays (its ~/.docker names the daemon, as for the docker CLI the test uses); state and
        # history go to the test's own directory, not the user's.
        for xdg in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            env[xdg] = os.path.join(self.tmp, xdg.lower())
        env["NO_COLOR"] = "1"
        env.update(overrides)
        return env

    def stack_test_argv(self, stacks, project, *extra, report=None, junit=None):
        argv = [self.rehearsa, "stack", "test", *files_args(*stacks), "-p", project, *extra]
        if report:
            argv += ["--report", f"json={report}"]
        if junit:
            argv += ["--report", f"junit={junit}"]
        return argv

    def stack_test(self, stacks, project, *extra, timeout=600, junit=False, env=None):
        """Runs `rehearsa stack test` to the end; returns (CompletedProcess, report or None)."""
        report = os.path.join(self.tmp, f"{project}.json")
        junit_path = os.path.join(self.tmp, f"{project}.xml") if junit else None
        argv = self.stack_test_argv(stacks, project, *extra, report=report, junit=junit_path)
        print("$ " + " ".join(argv))
        start = time.monotonic()
        try:
            p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env or self.env(),
                               cwd=self.tmp)
        except subprocess.TimeoutExpired:
            self.fatal(f"rehearsa stack test finished within {timeout} s")
        print(f"  exit {p.returncode} after {time.monotonic() - start:.1f} s")
        self.unavailable(p)
        return p, read_report(report)

    def start_stack_test(self, stacks, project, *extra, env=None):
        """Starts `rehearsa stack test` in the background; returns (Popen, report path)."""
        report = os.path.join(self.tmp, f"{project}.json")
        argv = self.stack_test_argv(stacks, project, *extra, report=report)
        print("$ " + " ".join(argv) + " &")
        log = open(os.path.join(self.tmp, f"{project}.log"), "w+")
        p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, text=True, env=env or self.env(),
                             cwd=self.tmp)
        p.log = log
        self.cleanups.append(lambda: p.poll() is None and (p.kill(), p.wait()))
        return p, report

    def unavailable(self, p):
        if p.returncode == EXIT_UNAVAILABLE:
            self.fatal("rehearsa stack test is available in this build", "it exited 69 (not yet available)")

    def output_of(self, p):
        """Everything a background run printed so far (stdout and stderr)."""
        p.log.flush()
        with open(p.log.name) as f:
            return f.read()

    def service(self, report, name):
        for s in (report or {}).get("services", []):
            if s.get("name") == name:
                return s
        self.check(False, f"the report has a service '{name}'",
                   f"services: {[s.get('name') for s in (report or {}).get('services', [])]}")
        return {}

    def expect_report(self, report, p):
        if not self.check(isinstance(report, dict), "a JSON report was written (--report json=PATH)",
                          f"stderr: {p.stderr.strip()[-1500:]}" if hasattr(p, "stderr") and p.stderr else ""):
            self.finish()
        return report

    def expect_run_cleaned_up(self, report, project):
        """Nothing of the stack, nor of the report's run id, is left after the run."""
        self.expect_no_leftovers("after the run", **{LABEL_STACK: project})
        run_id = report.get("run", {}).get("run_id")
        if run_id:
            self.expect_no_leftovers("after the run", **{LABEL_RUN: run_id})

    def expect_no_leftovers(self, what, **labels):
        """Zero containers, networks and volumes carry each given label (key=value)."""
        for key, value in labels.items():
            left = labelled_resources(f"{key}={value}")
            self.check(not any(left.values()), f"no leftovers labelled {key}={value} {what}", describe(left))


def read_report(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


# -- what carries a label on the daemon ------------------------------------------------------------

def containers(label):
    """Containers (running or not) carrying a label filter "key" or "key=value": dicts with id,
    name, state, ports and labels (a dict)."""
    out = docker("ps", "-a", "--no-trunc", "--filter", f"label={label}", "--format", "{{json .}}")
    result = []
    for line in out.splitlines():
        c = json.loads(line)
        labels = dict(kv.split("=", 1) if "=" in kv else (kv, "") for kv in c.get("Labels", "").split(",") if kv)
        result.append({"id": c["ID"], "name": c["Names"], "state": c["State"], "ports": c.get("Ports", ""),
                       "labels": labels})
    return result


def networks(label):
    out = docker("network", "ls", "--no-trunc", "--filter", f"label={label}", "--format", "{{.ID}} {{.Name}}")
    return [line.split(" ", 1) for line in out.splitlines()]


def volumes(label):
    out = docker("volume", "ls", "--filter", f"label={label}", "--format", "{{.Name}}")
    return out.split()


def labelled_resources(label):
    return {"containers": containers(label), "networks": networks(label), "volumes": volumes(label)}


def describe(resources):
    """One line naming what labelled_resources found."""
    names = ([f"container {c['name']}" for c in resources["containers"]] +
             [f"network {name}" for _, name in resources["networks"]] +
             [f"volume {v}" for v in resources["volumes"]])
    return "; ".join(names) or "none"


def remove_labelled(label):
    """Removes what carries the label (containers, then networks, then volumes); returns names."""
    removed = []
    for c in containers(label):
        docker("rm", "-f", "-v", c["id"], check=False)
        removed.append(c["name"])
    for net_id, name in networks(label):
        docker("network", "rm", net_id, check=False)
        removed.append(name)
    for v in volumes(label):
        docker("volume", "rm", "-f", v, check=False)
        removed.append(v)
    return removed


def wait_for(predicate, timeout, interval=0.2):
    """Polls predicate until it returns a truthy value (returned) or timeout seconds pass (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def running(label, service=None):
    """Running containers carrying the label (and the service label, when given)."""
    return [c for c in containers(label) if c["state"] == "running"
            and (service is None or c["labels"].get(LABEL_SERVICE) == service)]


def exec_in(container_id, *cmd, check=True):
    return docker("exec", container_id, *cmd, check=check)


def release_hold(t, project):
    """Lets the `hold` service of a rehearsal (fixtures/stacks/hold) become healthy, so the run ends."""
    hold = wait_for(lambda: running(f"{LABEL_STACK}={project}", "hold"), 120)
    if t.check(bool(hold), f"the sandbox's hold container of {project} is running"):
        exec_in(hold[0]["id"], "touch", "/tmp/release", check=False)


def wait_exit(p, timeout):
    """The exit code of a background process, or None when it is still running after timeout s."""
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


class Events:
    """`docker events` for containers carrying a label, collected in the background: the proof that
    the labels were there while the run went on (a leftover check on a label nobody set passes
    vacuously)."""

    def __init__(self, label):
        self.proc = subprocess.Popen(["docker", "events", "--filter", "type=container", "--filter",
                                      f"label={label}", "--format", "{{json .}}"],
                                     stdout=subprocess.PIPE, text=True)
        self.items = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()
        atexit.register(self.proc.kill)

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.items.put(json.loads(line))
            except ValueError:
                pass

    def drain(self):
        while True:
            try:
                self.seen.append(self.items.get_nowait())
            except queue.Empty:
                return self.seen

    def stop(self):
        time.sleep(0.5)  # the daemon delivers the last events asynchronously
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait()
        return self.drain()
