"""bench10 on the Engine API with no tool in the way, for the boot benchmark's reference points:
(d) what the engine itself takes to create and remove the stack, and (e) the stack booted by a
minimal, ideal client (tests/bench/boot_bench.py; docs/benchmarks.md, "Boot")."""
import http.client
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time

NAME = "boot_bench"
LABEL = "io.rehearsa.bench"


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def engine_socket():
    """The daemon's unix socket, or None when DOCKER_HOST names something else."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    return host[len("unix://"):] if host.startswith("unix://") else None


def api(method, path, body=None):
    """One Engine API call on the unix socket, as any engine client makes it (the docker CLI would
    add its own start-up, ~40 ms, to each measurement): (status, parsed JSON reply or None)."""
    conn = UnixHTTPConnection(engine_socket())
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers={"Content-Type": "application/json"})
    reply = conn.getresponse()
    data = reply.read()
    conn.close()
    return reply.status, (json.loads(data) if data.strip().startswith(b"{") else None)


def start_container(cid):
    """POST /containers/{id}/start; the CLI when the engine is not on a unix socket."""
    if not engine_socket():
        subprocess.run(["docker", "start", cid], capture_output=True, check=True)
        return
    status, reply = api("POST", f"/containers/{cid}/start")
    if status not in (204, 304):
        sys.exit(f"{NAME}: starting {cid[:12]} failed: {status} {reply}")


def at_once(call, items):
    """Runs call(item) for every item on its own thread, as rehearsa and compose do; returns when
    all have returned."""
    threads = [threading.Thread(target=call, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def nanos(duration):
    """Compose's canonical durations as bench10 writes them ("500ms", "3s") in nanoseconds."""
    for unit, scale in (("ms", 10**6), ("s", 10**9)):
        if duration.endswith(unit):
            return int(float(duration[:-len(unit)]) * scale)
    sys.exit(f"{NAME}: unexpected duration {duration!r} in bench10")


class RawStack:
    """The stack as the reference loads it (`config --format json`), on an internal network of its
    own, every container labelled LABEL=<run>; creates and removals each on their own thread."""

    def __init__(self, model, run):
        self.services = model["services"]
        self.run = run
        self.ids = {}

    def _create(self, item):
        name, s = item
        hc = s["healthcheck"]
        status, reply = api("POST", f"/containers/create?name={self.run}-{name}", {
            "Image": s["image"], "Cmd": [c.replace("$$", "$") for c in s["command"]],
            "Env": [f"{k}={v}" for k, v in s["environment"].items()], "Labels": {LABEL: self.run},
            "Healthcheck": {"Test": hc["test"], "Interval": nanos(hc["interval"]), "Timeout": nanos(hc["timeout"]),
                            "Retries": hc["retries"]},
            "HostConfig": {"NetworkMode": self.run},
            "NetworkingConfig": {"EndpointsConfig": {self.run: {"Aliases": [name]}}}})
        if status != 201:
            sys.exit(f"{NAME}: creating {name} failed: {status} {reply}")
        self.ids[name] = reply["Id"]

    def create_network(self):
        api("POST", "/networks/create", {"Name": self.run, "Internal": True, "Labels": {LABEL: self.run}})

    def create(self, names):
        at_once(self._create, [(name, self.services[name]) for name in names])

    def remove(self):
        at_once(lambda c: api("DELETE", f"/containers/{c}?force=1&v=1"), list(self.ids.values()))
        api("DELETE", f"/networks/{self.run}")

    def all_healthy(self):
        return all(api("GET", f"/containers/{c}/json")[1]["State"]["Health"]["Status"] == "healthy"
                   for c in self.ids.values())


def engine_floor(model, run):
    """(d): what the engine itself takes to create the network and containers, and to remove them
    once they run and are healthy. Seconds: {"create": ..., "remove": ...}."""
    stack = RawStack(model, run)
    try:
        began = time.perf_counter()
        stack.create_network()
        stack.create(stack.services)
        created = time.perf_counter() - began
        at_once(start_container, stack.ids.values())
        deadline = time.monotonic() + 120
        while not stack.all_healthy():
            if time.monotonic() > deadline:
                sys.exit(f"{NAME}: bench10's containers did not all become healthy within 120 s")
            time.sleep(0.1)
        began = time.perf_counter()
        stack.remove()
        return {"create": created, "remove": time.perf_counter() - began}
    finally:
        stack.remove()


class EventStream:
    """GET /events for the run's containers, read on a thread into a queue of (service, action)."""

    def __init__(self, run):
        self.items = queue.Queue()
        self.conn = UnixHTTPConnection(engine_socket())
        filters = json.dumps({"type": ["container"], "label": [f"{LABEL}={run}"]})
        self.conn.request("GET", "/events?filters=" + filters.replace(" ", ""))
        self.reply = self.conn.getresponse()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            for line in self.reply:
                event = json.loads(line)
                self.items.put((event["Actor"]["Attributes"].get("name", ""), event.get("Action", "")))
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            pass  # closed under it: close() shuts the socket down

    def close(self):
        self.conn.sock.shutdown(socket.SHUT_RDWR)
        self.conn.close()


def ideal_client(model, run, timeout=120):
    """(e): the stack booted by a minimal client that does only what any client must: create the
    network, the services that depend on nothing and start them, then create the rest, start
    each service the moment its dependencies report healthy (from the engine's events, starts on
    their own threads), and once all are healthy remove everything at once. No process start, model
    loading, inspects, logs or reports. Seconds, wall."""
    stack = RawStack(model, run)
    deps = {name: set(s.get("depends_on") or {}) for name, s in model["services"].items()}
    events = EventStream(run)
    try:
        began = time.perf_counter()
        stack.create_network()
        roots = [n for n in deps if not deps[n]]
        stack.create(roots)
        at_once(lambda n: start_container(stack.ids[n]), roots)
        stack.create([n for n in deps if deps[n]])
        threads = []
        healthy, started = set(), set(roots)
        deadline = time.monotonic() + timeout
        while len(healthy) < len(deps):
            for name in [n for n in deps if n not in started and deps[n] <= healthy]:
                started.add(name)
                threads.append(threading.Thread(target=start_container, args=(stack.ids[name],)))
                threads[-1].start()
            try:
                container, action = events.items.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                sys.exit(f"{NAME}: the ideal client's boot of bench10 did not finish within {timeout} s")
            if action.startswith("health_status: healthy"):
                healthy.add(container[len(run) + 1:])
        for t in threads:
            t.join()
        stack.remove()
        return time.perf_counter() - began
    finally:
        events.close()
        stack.remove()
