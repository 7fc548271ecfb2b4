"""./resplice bench splice --json FILE: the same client and servers, three paths side by side.

direct   c1 -> b1 nginx through the switch's plain forwarding
resplice c1 -> VIP, spliced onto b1/b2 by the controller, shim and XDP
haproxy  c1 -> HAProxy (HTTP mode) on the aux host -> b1/b2

For each: bulk throughput (200 MB download), keep-alive request rate and latency (1000 requests on
one connection), and for resplice and haproxy the connection setup cost (time to first byte of a new
connection minus the direct one) and new connections per second (2000 connections, 20 at a time).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))

from netutil import pct, random_file, say  # noqa: E402
from resplice_net import RespliceNet  # noqa: E402
from services import Haproxy, Nginx  # noqa: E402
from topo import VIP  # noqa: E402


def curl(host, args, timeout=300):
    p = host.popen(["curl", "-sS"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError("curl %s failed: %s" % (" ".join(args), err.decode()[-300:]))
    return out.decode()


def measure(host, base, workdir, new_connections):
    result = {}
    out = curl(host, ["-o", "/dev/null", "-w", "%{speed_download}", base + "/200m.bin"])
    result["throughput_mbps"] = round(float(out) * 8 / 1e6, 1)

    urls = os.path.join(workdir, "urls-keepalive")
    with open(urls, "w") as f:
        f.write("".join('url = "%s/small.txt"\noutput = "/dev/null"\n' % base for _ in range(1000)))
    start = time.monotonic()
    out = curl(host, ["-K", urls, "-w", "%{time_total}\\n"])
    elapsed = time.monotonic() - start
    times = [float(x) * 1000 for x in out.split()]
    result["rps"] = round(len(times) / elapsed)
    result["latency_ms"] = {"p50": round(pct(times, 50), 3), "p99": round(pct(times, 99), 3)}

    if new_connections:
        firsts = []
        for _ in range(200):
            out = curl(host, ["-o", "/dev/null", "-H", "Connection: close", "-w", "%{time_starttransfer}",
                              base + "/small.txt"])
            firsts.append(float(out) * 1000)
        result["_first_byte_ms"] = firsts
        urls = os.path.join(workdir, "urls-new")
        with open(urls, "w") as f:
            f.write("".join('url = "%s/small.txt"\noutput = "/dev/null"\n' % base for _ in range(2000)))
        start = time.monotonic()
        curl(host, ["--parallel", "--parallel-max", "20", "-H", "Connection: close", "-K", urls])
        result["setups_per_s"] = round(2000 / (time.monotonic() - start))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", required=True, help="where to write the results")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="resplice-bench-")
    with RespliceNet(workdir=workdir) as rnet:
        net = rnet.net
        www = os.path.join(workdir, "www")
        os.makedirs(www)
        random_file(os.path.join(www, "200m.bin"), 200 * 1024 * 1024)
        with open(os.path.join(www, "small.txt"), "w") as f:
            f.write("hello\n")
        servers = [Nginx(net.get(b), workdir, www).start() for b in ("b1", "b2")]
        proxy = Haproxy(net.get("aux"), workdir, [net.get("b1").IP(), net.get("b2").IP()]).start()
        c1 = net.get("c1")
        try:
            results = {}
            say("direct: c1 -> b1")
            results["direct"] = measure(c1, "http://%s" % net.get("b1").IP(), workdir, True)
            say("resplice: c1 -> VIP")
            results["resplice"] = measure(c1, "http://%s" % VIP, workdir, True)
            say("haproxy: c1 -> aux:8080")
            results["haproxy"] = measure(c1, "http://%s:8080" % net.get("aux").IP(), workdir, True)
        finally:
            proxy.stop()
            for s in servers:
                s.stop()
    direct_first = results["direct"].pop("_first_byte_ms")
    results["direct"].pop("setups_per_s")
    base = statistics.median(direct_first)
    for name in ("resplice", "haproxy"):
        firsts = results[name].pop("_first_byte_ms")
        overhead = [f - base for f in firsts]
        results[name]["setup_ms"] = {"p50": round(pct(overhead, 50), 3), "p99": round(pct(overhead, 99), 3)}
    results["environment"] = {"note": "Mininet, userspace OVS, 2 cores; one run; compare ratios"}
    with open(args.json, "w") as f:
        json.dump(results, f, indent=2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
