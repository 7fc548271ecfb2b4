"""The fabric under our controller: reachability, intact bulk TCP, the logger mirror, the
management network."""

import itertools
import os
from collections import Counter

from netutil import capture, ping, random_file, sha256, tcp_transfer
from pcap import read_ipv4
from topo import MGMT_ROOT_IP, Role


def test_every_host_reaches_every_other(rnet):
    hosts = rnet.data_hosts()
    for a, b in itertools.permutations(hosts, 2):
        assert ping(a, b, count=2) == 2, "%s cannot reach %s" % (a.name, b.name)


def test_flows_are_ours_and_visible_in_ovs(rnet):
    flows = rnet.dump_flows()
    # Forwarding by destination MAC for every host, in table 1.
    for host in rnet.data_hosts():
        mac = host.MAC(host.intfs[0])
        assert any("table=1" in f and "dl_dst=%s" % mac in f for f in flows), "no forwarding rule for " + host.name
    # ARP goes to the controller with the whole frame.
    assert any("arp" in f and "CONTROLLER:65535" in f for f in flows), flows
    # The mirror: two rules per backend in table 0 naming the logger port, then table 1.
    mirrors = [f for f in flows if "goto_table:1" in f and "output:" in f]
    assert len(mirrors) == 2 * len(rnet.hosts_with(Role.BACKEND)), flows
    # The controller counts the same number of rules it stored.
    stored = [d for d in rnet.controller.runtime()["devices"] if d["id"] == "of:0000000000000001"][0]
    assert stored["flowRules"] == len(flows)


def test_management_network_reaches_root_namespace(rnet):
    for host in rnet.data_hosts():
        out = host.cmd("ping -n -q -c 1 -W 1 %s" % MGMT_ROOT_IP)
        assert " 1 received" in out, "%s: %s" % (host.name, out)


def test_50mb_tcp_transfer_arrives_intact(rnet, tmp_path):
    c1, b1 = rnet.net.get("c1"), rnet.net.get("b1")
    src = random_file(str(tmp_path / "send.bin"), 50 * 1024 * 1024)
    out = tcp_transfer(c1, b1, src, str(tmp_path / "recv.bin"))
    assert os.path.getsize(out) == 50 * 1024 * 1024
    assert sha256(out) == sha256(src)


def test_logger_sees_every_backend_packet_and_nothing_else(rnet, tmp_path):
    net = rnet.net
    c1, c2, lg, b1, b2, aux = (net.get(n) for n in ("c1", "c2", "lg", "b1", "b2", "aux"))
    small = random_file(str(tmp_path / "small.bin"), 256 * 1024)
    with capture(lg, lg.intfs[0], str(tmp_path / "lg.pcap")), \
            capture(b1, b1.intfs[0], str(tmp_path / "b1.pcap")), \
            capture(b2, b2.intfs[0], str(tmp_path / "b2.pcap")):
        assert ping(c1, b1, count=20) == 20
        assert ping(b2, aux, count=20) == 20
        assert ping(c1, c2, count=20) == 20          # client to client: not the logger's business
        tcp_transfer(c1, b1, small, str(tmp_path / "b1.out"), port=5002)
        tcp_transfer(c2, aux, small, str(tmp_path / "aux.out"), port=5003)
    at_logger = Counter(read_ipv4(str(tmp_path / "lg.pcap")))
    at_backends = Counter(read_ipv4(str(tmp_path / "b1.pcap"))) + Counter(read_ipv4(str(tmp_path / "b2.pcap")))
    backend_ips = {b1.IP(), b2.IP()}

    assert sum(at_backends.values()) > 200, "too little backend traffic to judge"
    missing = at_backends - at_logger
    extra = at_logger - at_backends
    assert not missing, "logger missed %d backend packets, e.g. %s" % (sum(missing.values()), next(iter(missing)))
    assert not extra, "logger got %d packets not to/from a backend, e.g. %s" % (sum(extra.values()), next(iter(extra)))
    assert all(p.src in backend_ips or p.dst in backend_ips for p in at_logger)
