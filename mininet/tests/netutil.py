"""Traffic and capture helpers for the end-to-end tests. Every wait is bounded."""

import hashlib
import os
import re
import signal
import subprocess
import time
from contextlib import contextmanager

from resplice_net import wait_until


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def random_file(path, nbytes):
    with open(path, "wb") as f:
        left = nbytes
        while left:
            chunk = os.urandom(min(left, 1 << 20))
            f.write(chunk)
            left -= len(chunk)
    return path


def listening(host, port):
    return re.search(r":%d\b" % port, host.cmd("ss -Hltn")) is not None


def tcp_transfer(src, dst, path, out_path, port=5001, timeout=120):
    """Sends the file at path from host src to host dst over one TCP connection (socat on both
    ends); returns the received file's path once the receiver has closed it."""
    receiver = dst.popen(["socat", "-u", "TCP-LISTEN:%d,reuseaddr" % port,
                          "OPEN:%s,creat,trunc" % out_path])
    try:
        wait_until("socat to listen on %s:%d" % (dst.name, port), lambda: listening(dst, port), 10)
        sender = src.popen(["socat", "-u", "FILE:%s" % path, "TCP:%s:%d" % (dst.IP(), port)])
        if sender.wait(timeout=timeout) != 0:
            raise AssertionError("sender socat failed: %s" % sender.stderr.read().decode())
        receiver.wait(timeout=timeout)
    finally:
        if receiver.poll() is None:
            receiver.kill()
            receiver.wait()
    return out_path


@contextmanager
def capture(host, intf, path):
    """tcpdump on host's intf into path for the duration of the block; waits until it listens,
    and until it has written everything on exit. Immediate mode: without it libpcap hands packets
    over a ring block at a time, and the last block is lost when tcpdump is stopped."""
    proc = host.popen(["tcpdump", "--immediate-mode", "-U", "-n", "-s", "256", "-i", str(intf), "-w", path],
                      stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    line = b""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if b"listening on" in line or not line:
            break
    if b"listening on" not in line:
        proc.kill()
        raise RuntimeError("tcpdump on %s did not start: %r" % (intf, line))
    try:
        yield path
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def ping(src, dst, count=5, timeout_s=1):
    """Sends count pings with interval 0.05 s; returns the number answered."""
    out = src.cmd("ping -n -q -c %d -i 0.05 -W %d %s" % (count, timeout_s, dst.IP()))
    m = re.search(r"(\d+) received", out)
    return int(m.group(1)) if m else 0


def say(text):
    """A progress line of a long run."""
    print("== " + text, flush=True)


def pct(values, p):
    """The p-th percentile of values (nearest rank)."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]
