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
from resplice_net import LoggerProcess, RespliceNet, wait_until  # noqa: E402
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

        step("A logger node on lg: it follows the controller's splices on the switch's mirror port")
        logger = LoggerProcess(rnet).start()
        print("logger log: %s; REST http://%s:%d/logger/" % (logger.log_path, logger.mgmt_ip, logger.REST_PORT))
        tags = {"application": "webmail", "protocol": "http",
                "rules": [{"match": {"method": "GET", "path": "^/static/"},
                           "tags": ["deterministic", "read-only", "idempotent"]}]}
        print("PUT /resplice/tags/webmail (GET /static/... is deterministic, read-only, idempotent) -> %s"
              % (ctl.rest("PUT", "tags/webmail", json.dumps(tags))[0],))

        step("Web requests through the virtual IP, spliced onto a backend in the switch")
        www = os.path.join(workdir, "www")
        os.makedirs(os.path.join(www, "static"), exist_ok=True)
        random_file(os.path.join(www, "5m.bin"), 5 * 1024 * 1024)
        with open(os.path.join(www, "static", "logo.txt"), "w") as f:
            f.write("resplice\n")
        servers = [Nginx(net.get(b), workdir, www).start() for b in ("b1", "b2")]
        try:
            for path in ("/5m.bin", "/static/logo.txt"):
                print("c1$ curl http://%s%s -> %s" % (topology.VIP, path, c1.cmd(
                    "curl -s -o /dev/null -w '%%{http_code}, %%{size_download} bytes, %%{time_total} s, "
                    "from %%header{x-backend}' http://%s%s" % (topology.VIP, path))))
            table = ctl.rest("GET", "splices")[1]
            for s in table["splices"]:
                print("  splice %s -> %s via %s, offset d=%d, %s" % (s["client"], s["backend"], s["proxy"],
                                                                    s["offset"], s["state"]))
            xdp = rnet.shim.xdp_stats()
            print("XDP on the switch ports adjusted %d frames (sequence/ack offsets); the controller saw %d "
                  "packet-ins in all" % (xdp["hits"], ctl.runtime()["packets"]["packetsIn"]))

            step("What the logger logged of them (GET /logger/recovery?backend=...)")
            def logged():
                views = [v for b in ("b1", "b2") for v in logger.rest("recovery?backend=" + net.get(b).IP())[1]
                         if v["transactions"] and v["transactions"][-1]["state"] == "COMPLETE"]
                return views if len(views) >= 2 else None
            views = wait_until("the logger to log both requests", logged, timeout=15)
            for v in views:
                for t in v["transactions"]:
                    print("  %s %s %s: request %d bytes, response %d bytes (sha256 %s...), tags %s"
                          % (t["idText"], v["backend"], t["kind"], t["requestEnd"] - t["requestStart"],
                             t["responseEnd"] - t["responseStart"], (t["responseSha256"] or "kept")[:12],
                             ",".join(t["tags"])))
                print("    T_L=%d, Ack_CL=%d (backend seq %d), recoverable=%s"
                      % (v["lastLoggedOrdinal"], v["ackClientOffset"], v["ackClientSequence"], v["recoverable"]))
            cap = logger.rest("counters")[1]["capture"]
            print("capture: %d frames, %d lost (kernel %d, queue %d)" % (
                cap["framesCaptured"], cap["kernelDrops"] + cap["queueOverflows"] + cap["interfaceDrops"],
                cap["kernelDrops"], cap["queueOverflows"]))
            print("learnt timeouts: %s" % json.dumps(logger.rest("timeouts")[1]))
        finally:
            logger.stop()
            for server in servers:
                server.stop()

        step("The REST API (token in %s)" % os.path.join(ctl.state_dir, "token"))
        print("curl -H \"Authorization: Bearer $(cat %s)\" http://127.0.0.1:%d/resplice/tags/webmail"
              % (os.path.join(ctl.state_dir, "token"), ctl.rest_port))
        print("-> %s" % json.dumps(ctl.rest("GET", "tags/webmail")[1]))
        print("GET /resplice/counters -> %s" % json.dumps(ctl.rest("GET", "counters")[1]))
        rt = ctl.runtime()
        print("GET /resplice/runtime  -> openflow %s" % json.dumps(rt["openflow"]))

        if args.cli:
            step("Mininet CLI (exit to tear down)")
            CLI(net)
    step("Done: network, controller and Mininet state cleaned up")


if __name__ == "__main__":
    main()
