"""Steady HTTP load through the VIP, for failure-detection tests and the logger benchmark.

Run inside a Mininet host: /usr/bin/python3 loadgen.py HOST PORT CONNECTIONS SECONDS MIN_S MAX_S
Each of CONNECTIONS threads keeps one keep-alive connection and asks GET /sleep?s=X back to back,
X uniform in [MIN_S, MAX_S] (nginx's echo module answers after X seconds), so a request is nearly
always outstanding on every connection. After REQUESTS_PER_CONNECTION requests a connection is
replaced, so that the VIP's round robin keeps the load spread over the backends even after some of
them failed for a while. A failed connection is counted and replaced after 50 ms.
Stops after SECONDS; prints JSON {"ok", "errors", "first_error", "p50_ms", "p99_ms"}.
"""

import json
import random
import socket
import sys
import threading
import time

from rawhttp import Reader, read_response

TIMEOUT_S = 3
REQUESTS_PER_CONNECTION = 20


def worker(host, port, until, lo, hi, stats, lock):
    rng = random.Random()
    sock = reader = None
    served = 0
    while time.monotonic() < until:
        try:
            if sock is not None and served >= REQUESTS_PER_CONNECTION:
                sock.close()
                sock = None
            if sock is None:
                sock = socket.create_connection((host, port), timeout=TIMEOUT_S)
                reader = Reader(sock)
                served = 0
            s = rng.uniform(lo, hi)
            start = time.monotonic()
            # echo_sleep takes at most three decimals.
            sock.sendall(b"GET /sleep?s=%.3f HTTP/1.1\r\nHost: resplice\r\n\r\n" % s)
            _, status = read_response(reader, "GET")
            if status != 200:
                raise ValueError("HTTP status %d" % status)
            served += 1
            with lock:
                stats["latencies"].append((time.monotonic() - start) * 1000)
                stats["ok"] += 1
        except (OSError, EOFError, ValueError) as e:
            with lock:
                stats["errors"] += 1
                stats["first_error"] = stats.get("first_error") or repr(e)
            if sock is not None:
                sock.close()
            sock = None
            time.sleep(0.05)
    if sock is not None:
        sock.close()


def main():
    host, port, conns, seconds, lo, hi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), \
        float(sys.argv[5]), float(sys.argv[6])
    stats, lock = {"ok": 0, "errors": 0, "latencies": []}, threading.Lock()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=worker, args=(host, port, until, lo, hi, stats, lock), daemon=True)
               for _ in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 2 * TIMEOUT_S + 5)
    lat = sorted(stats["latencies"]) or [0.0]
    print(json.dumps({"ok": stats["ok"], "errors": stats["errors"], "first_error": stats.get("first_error"),
                      "p50_ms": round(lat[len(lat) // 2], 2),
                      "p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))], 2)}))


if __name__ == "__main__":
    main()
