"""Backend failures under load, as the failure-detection tests and the logger benchmark inject them.

A failure is a (fail, restore) pair acting on a backend host and its nginx workers: the interface
goes down; the application process is killed (SIGKILL to nginx's workers; the master respawns them,
as a supervisor would); the process is stopped (SIGSTOP, later SIGCONT). Detection time is the
logger's suspicion time minus the failure time, both on this machine's wall clock.
"""

import json
import os
import signal
import subprocess
import time

from resplice_net import wait_until
from services import nginx_worker_pids
from topo import VIP

LOADGEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "loadgen.py")


def _set_link(host, up):
    host.cmd("ip link set %s %s" % (host.intfs[0].name, "up" if up else "down"))


def _signal(pids, sig):
    for p in pids:
        os.kill(p, sig)


FAILURES = {
    "interface_down": (lambda b, w: _set_link(b, False), lambda b, w: _set_link(b, True)),
    "process_killed": (lambda b, w: _signal(w, signal.SIGKILL), lambda b, w: None),
    "process_stopped": (lambda b, w: _signal(w, signal.SIGSTOP), lambda b, w: _signal(w, signal.SIGCONT)),
}


def start_load(rnet, seconds, lo, hi, hosts=("c1", "c2"), connections=8):
    """The load generator on the client hosts for `seconds`, response times uniform in [lo, hi] s.
    Enough connections that round robin all but never leaves a backend without one in flight: a
    killed process that has no transaction in flight leaves nothing for a detector to see."""
    return [rnet.net.get(h).popen(["/usr/bin/python3", LOADGEN, VIP, "80", str(connections), str(seconds),
                                   str(lo), str(hi)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for h in hosts]


def finish_load(procs, seconds):
    """Waits for load generators started for `seconds`; returns their JSON results."""
    results = []
    for p in procs:
        out, err = p.communicate(timeout=seconds + 30)
        if p.returncode != 0:
            raise RuntimeError("load generator failed: " + err.decode()[-500:])
        results.append(json.loads(out))
    return results


def suspicions(logger, backend, since_ms):
    """The logger's suspicions of `backend` raised at or after since_ms (epoch ms)."""
    status, items = logger.rest("suspicions")
    if status != 200:
        raise RuntimeError("GET /logger/suspicions: %s %s" % (status, items))
    return [s for s in items if s["backend"] == backend and s["detectedAtEpochMs"] >= since_ms]


def clear(logger, backend):
    status, body = logger.rest("suspicions/clear?backend=" + backend, method="POST")
    if status != 200:
        raise RuntimeError("POST /logger/suspicions/clear: %s %s" % (status, body))


def detect_once(rnet, logger, kind, backend_host="b1", settle_s=2.5, timeout_s=5):
    """Fails the backend once under the running load, waits up to timeout_s for the suspicion,
    restores the backend and waits until it serves again; returns the detection time in ms, or
    raises TimeoutError when the failure went unnoticed."""
    host = rnet.net.get(backend_host)
    fail, restore = FAILURES[kind]
    time.sleep(settle_s)  # the detector learns this backend's response times; the load settles
    # Cleared only now: the last failure's stragglers (a FIN released when its splice went) may
    # still have raised a suspicion, and a backend is reported once until it is cleared.
    clear(logger, host.IP())
    workers = nginx_worker_pids(host, rnet.workdir)
    if not workers:
        raise RuntimeError("nginx on %s has no worker to fail" % backend_host)
    failed_ms = time.time() * 1000
    fail(host, workers)
    try:
        found = wait_until("the detector to suspect %s (%s)" % (host.IP(), kind),
                           lambda: suspicions(logger, host.IP(), failed_ms), timeout=timeout_s, interval=0.05)
    finally:
        restore(host, workers)
    wait_until("%s to serve again" % backend_host, lambda: "200" in host.cmd(
        "curl -s -o /dev/null -w '%{http_code}' --max-time 1 http://127.0.0.1/small.txt"), timeout=10)
    clear(logger, host.IP())
    return found[0]["detectedAtEpochMs"] - failed_ms
