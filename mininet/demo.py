"""./resplice demo: the paper topology under the resplice controller, shown working step by step.

Pass --cli to get Mininet's prompt at the end instead of tearing down.
"""

import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))

from mininet.cli import CLI  # noqa: E402

import topo as topology  # noqa: E402
from netutil import capture, ping, random_file, sha256, tcp_transfer  # noqa: E402
from pcap import read_ipv4  # noqa: E402
from resplice_net import RespliceNet  # noqa: E402
from services import Nginx  # noqa: E402


def step(text):
    print("\n\033[1m== %s\033[0m" % text, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cli", action="store_true", help="open the Mininet CLI before tearing down")
    parser.add_argument("--clients", type=int, default=2, help="number of client hosts (1..4)")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="resplice-demo-")
    step("Starting Open vSwitch (userspace datapath), the resplice controller and the topology")
    with RespliceNet(topology.PaperTopo(clients=args.clients), workdir=workdir) as rnet:
        net, ctl = rnet.net, rnet.controller
        print("controller log: %s" % ctl.log_path)
        print("hosts: " + ", ".join("%s %s (%s)" % (h.name, h.IP(), rnet.topo.roles[h.name])
                                     for h in rnet.data_hosts()))

        step("The switch's flow table, as the controller programmed it (ovs-ofctl dump-flows s1)")
        for f in rnet.dump_flows():
            print("  " + f)
        print("Table 0 copies backend traffic to the logger port, table 1 forwards by MAC;"
              " ARP goes to the controller, which answers it.")

        step("Every host reaches every other one")
        hosts = rnet.data_hosts()
        bad = [(a.name, b.name) for a in hosts for b in hosts if a is not b and ping(a, b, count=1) != 1]
        print("all %d pairs reachable" % (len(hosts) * (len(hosts) - 1)) if not bad else "UNREACHABLE: %s" % bad)

        step("The controller answers ARP for the virtual IP %s" % topology.VIP)
        c1 = net.get("c1")
        c1.cmd("ping -c 1 -W 1 %s" % topology.VIP)
        print("c1's neighbour table: " + c1.cmd("ip neigh show %s" % topology.VIP).strip())

        step("A 20 MB TCP transfer c1 -> b1, checked by SHA-256, while the logger captures")
        lg, b1 = net.get("lg"), net.get("b1")
        data = random_file(os.path.join(workdir, "demo.bin"), 20 * 1024 * 1024)
        with capture(lg, lg.intfs[0], os.path.join(workdir, "logger.pcap")) as pcap:
            out = tcp_transfer(c1, b1, data, os.path.join(workdir, "demo.out"))
        print("sent %s\nrecv %s" % (sha256(data), sha256(out)))
        seen = read_ipv4(pcap)
        print("the logger saw %d packets of it (%d bytes of IP), all to or from b1: %s"
              % (len(seen), sum(p.length for p in seen),
                 all(b1.IP() in (p.src, p.dst) for p in seen)))

        step("A web request through the virtual IP, spliced onto a backend in the switch")
        www = os.path.join(workdir, "www")
        os.makedirs(www, exist_ok=True)
        random_file(os.path.join(www, "5m.bin"), 5 * 1024 * 1024)
        servers = [Nginx(net.get(b), workdir, www).start() for b in ("b1", "b2")]
        try:
            for _ in range(2):
                print("c1$ curl http://%s/5m.bin -> %s" % (topology.VIP, c1.cmd(
                    "curl -s -o /dev/null -w '%%{http_code}, %%{size_download} bytes, %%{time_total} s, "
                    "from %%header{x-backend}' http://%s/5m.bin" % topology.VIP)))
            table = ctl.rest("GET", "splices")[1]
            for s in table["splices"]:
                print("  splice %s -> %s via %s, offset d=%d, %s" % (s["client"], s["backend"], s["proxy"],
                                                                    s["offset"], s["state"]))
            xdp = rnet.shim.xdp_stats()
            print("XDP on the switch ports adjusted %d frames (sequence/ack offsets); the controller saw %d "
                  "packet-ins in all" % (xdp["hits"], ctl.runtime()["packets"]["packetsIn"]))
        finally:
            for server in servers:
                server.stop()

        step("The REST API (token in %s)" % os.path.join(ctl.state_dir, "token"))
        tags = {"application": "webmail", "protocol": "http",
                 "rules": [{"match": {"method": "GET", "path": "^/static/"},
                            "tags": ["deterministic", "read-only", "idempotent"]}]}
        print("curl -H \"Authorization: Bearer $(cat %s)\" -X PUT --data-binary @table.json "
              "http://127.0.0.1:%d/resplice/tags/webmail" % (os.path.join(ctl.state_dir, "token"), ctl.rest_port))
        print("-> %s" % (ctl.rest("PUT", "tags/webmail", json.dumps(tags))[0],))
        print("GET /resplice/counters -> %s" % json.dumps(ctl.rest("GET", "counters")[1]))
        rt = ctl.runtime()
        print("GET /resplice/runtime  -> openflow %s" % json.dumps(rt["openflow"]))

        if args.cli:
            step("Mininet CLI (exit to tear down)")
            CLI(net)
    step("Done: network, controller and Mininet state cleaned up")


if __name__ == "__main__":
    main()
