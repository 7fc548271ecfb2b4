"""A controller restart: installed flows keep forwarding while it is away, and on reconnect it
adopts what the switch kept (nothing re-sent, nothing doubled) and deletes what nobody wants."""

import re
import subprocess
import time

from netutil import ping, random_file, sha256, tcp_transfer
from resplice_net import wait_until

STALE_FLOW = "table=1,priority=7,tcp,tp_dst=9,actions=drop"


def normalized(flows):
    """Flow entries without their counters and age, sorted."""
    return sorted(re.sub(r"\b(duration|n_packets|n_bytes|idle_age|hard_age)=[^ ,]+,? ?", "", f) for f in flows)


def durations(flows):
    return [float(re.search(r"duration=([0-9.]+)s", f).group(1)) for f in flows]


TABLE = """{"application": "webmail", "protocol": "http",
 "rules": [{"match": {"method": "GET", "path": "^/static/"}, "tags": ["deterministic", "read-only", "idempotent"]}]}"""


def test_restart_keeps_flows_and_reconciles(rnet, tmp_path):
    ctl = rnet.controller
    c1, b1 = rnet.net.get("c1"), rnet.net.get("b1")
    assert ctl.rest("PUT", "tags/webmail", TABLE)[0] == 200
    # c1 and b1 talk before the controller goes, so they know each other's MAC (the controller
    # answers ARP; without it no new neighbour could be learnt).
    assert ping(c1, b1, count=2) == 2 and ping(b1, c1, count=2) == 2
    before = rnet.dump_flows()
    assert before

    ctl.stop()
    # Without a controller the switch (fail-secure) keeps forwarding with what it has.
    assert ping(c1, b1, count=5) == 5
    data = random_file(str(tmp_path / "down.bin"), 4 * 1024 * 1024)
    assert sha256(tcp_transfer(c1, b1, data, str(tmp_path / "down.out"), port=5010)) == sha256(data)
    assert normalized(rnet.dump_flows()) == normalized(before)

    subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "add-flow", "s1", STALE_FLOW], check=True)
    assert len(rnet.dump_flows()) == len(before) + 1
    restarted = time.monotonic()
    ctl.start()

    def reconciled():
        rt = ctl.runtime()
        return (any(d["available"] for d in rt["devices"]) and rt["flows"]["extraneousRemoved"] >= 1
                and normalized(rnet.dump_flows()) == normalized(before))
    wait_until("the stale flow to be removed and the rest kept", reconciled, timeout=30)
    away = time.monotonic() - restarted

    after = rnet.dump_flows()
    assert len(after) == len(before), "duplicate or missing flows:\n" + "\n".join(after)
    assert len(set(normalized(after))) == len(after)
    # Every kept rule is older than the restart: adopted, not deleted and re-added.
    assert min(durations(after)) >= away - 0.5, after
    rt = ctl.runtime()
    assert rt["flows"]["rulesAdopted"] == len(after)
    assert rt["flows"]["missingReinstalled"] == 0

    assert ping(c1, b1, count=5) == 5
    # The tag table survived the restart (file-backed store).
    status, body = ctl.rest("GET", "tags/webmail")
    assert status == 200 and body["rules"][0]["match"]["path"] == "^/static/"
