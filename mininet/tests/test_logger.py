"""The logger node in its Mininet host, on the switch's mirror port: what it logs of real traffic
through the VIP, byte for byte, and what it logs of a backend's own IMAP session with the aux
server."""

import base64
import json
import os
import subprocess

import pytest

from resplice_net import LoggerProcess, wait_until
from services import Dovecot
from topo import MAIL_VIP, VIP

RAWHTTP = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rawhttp.py")
BACKENDS = ("10.0.0.11", "10.0.0.12")


@pytest.fixture(scope="module")
def logger(rnet, web):
    # Every response is kept as its SHA-256, so the test can compare all of them with the client's.
    lg = LoggerProcess(rnet, extra_args=["--large-response-kb", "0"]).start()
    yield lg
    lg.stop()


def views_of(logger, ports):
    """The logger's recovery views of the connections from these client ports, by port."""
    found = {}
    for backend in BACKENDS:
        status, views = logger.rest("recovery?backend=" + backend)
        assert status == 200, views
        for v in views:
            if v["clientPort"] in ports:
                found[v["clientPort"]] = v
    return found


def run_client(host, plan, tmp_path, vip=VIP):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    p = host.popen(["/usr/bin/python3", RAWHTTP, vip, "80", str(path)], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err.decode()
    return json.loads(out)


def get(path, **headers):
    return {"method": "GET", "path": path, "headers": headers}


MIXED = [
    # Content-Length bodies of several sizes, a 404, a HEAD, a 304, on one keep-alive connection.
    [get("/small.txt"), get("/300k.bin"), get("/missing"), {"method": "HEAD", "path": "/1m.bin"},
     get("/small.txt", **{"If-None-Match": "*"}), get("/1m.bin")],
    # Chunked responses (the echo module streams them) with request bodies, and pipelining.
    [{"method": "POST", "path": "/echo", "body": "x" * 70000},
     {"method": "POST", "path": "/echo", "body": "hello", "pipeline": True},
     {"method": "GET", "path": "/small.txt", "pipeline": True}],
    # A close-delimited end: the client asks the server to close after the response.
    [get("/small.txt"), get("/300k.bin", Connection="close")],
]


def test_a_mixed_http_workload_is_logged_byte_for_byte(rnet, web, logger, tmp_path):
    got = run_client(rnet.net.get("c1"), MIXED * 2, tmp_path)
    ports = {c["local_port"]: c for c in got}

    def all_logged():
        views = views_of(logger, ports)
        return views if len(views) == len(ports) and all(
            v["lastLoggedOrdinal"] == len(ports[p]["exchanges"]) - 1 for p, v in views.items()) else None
    views = wait_until("the logger to log every exchange", all_logged, timeout=15, interval=0.2)
    for port, conn in ports.items():
        v = views[port]
        assert v["recoverable"], v["unrecoverableReason"]
        assert [t["ordinal"] for t in v["transactions"]] == list(range(len(conn["exchanges"])))
        for t, x in zip(v["transactions"], conn["exchanges"]):
            assert t["state"] == "COMPLETE" and t["recoverable"], t
            assert base64.b64decode(t["requestBytes"]) == bytes.fromhex(x["request_hex"]), (port, t["ordinal"])
            assert t["responseSha256"] == x["response_sha256"], (port, t["ordinal"], x["status"])
            assert t["responseEnd"] - t["responseStart"] == x["response_len"]
        # Ids: client address, port and ordinal (DESIGN §4.3).
        assert v["transactions"][-1]["idText"] == "%s:%d#%d" % (rnet.net.get("c1").IP(), port,
                                                                 len(conn["exchanges"]) - 1)
    counters = logger.rest("counters")[1]
    assert counters["log"]["gaps"] == 0, counters["log"]
    assert counters["capture"]["kernelDrops"] == 0 and counters["capture"]["queueOverflows"] == 0


TAGS = {"application": "web", "protocol": "http",
        "rules": [{"match": {"method": "GET", "path": "^/static/"},
                   "tags": ["deterministic", "read-only", "idempotent"]}],
        "default": ["non-deterministic", "update", "non-idempotent"]}


def test_a_tag_table_put_over_rest_tags_new_transactions(rnet, web, logger, tmp_path):
    ctl = rnet.controller
    status, _ = ctl.rest("PUT", "tags/web", json.dumps(TAGS))
    assert status in (200, 201)
    try:
        # The logger polls the controller's tables every second; a request made after it has the
        # table gets the table's tags.
        def tagged():
            got = run_client(rnet.net.get("c2"), [[get("/static/missing"), get("/small.txt")]], tmp_path)
            port = got[0]["local_port"]
            v = wait_until("the logger to log it", lambda: views_of(logger, {port}).get(port), timeout=10)
            return v if v["transactions"][0]["tags"] == TAGS["rules"][0]["tags"] else None
        v = wait_until("the new table to tag new transactions", tagged, timeout=15, interval=0.5)
        assert v["transactions"][1]["tags"] == TAGS["default"], "no rule matches: the default"
    finally:
        ctl.rest("DELETE", "tags/web")


def test_imap_through_the_mail_vip_is_cut_into_commands(rnet, logger):
    servers = [Dovecot(rnet.net.get(b), rnet.workdir).start() for b in ("b1", "b2")]
    try:
        c1 = rnet.net.get("c1")
        out = c1.cmd("(sleep 0.5; printf 'a1 LOGIN alice secret\\r\\na2 NOOP\\r\\na3 LOGOUT\\r\\n'; sleep 1)"
                     " | socat -T 5 - TCP:%s:143,sourceport=45300" % MAIL_VIP)
        assert "a3 OK" in out, out
        v = wait_until("the IMAP connection in the log", lambda: views_of(logger, {45300}).get(45300), timeout=10)
        assert v["protocol"] == "IMAP"
        kinds = [t["kind"] for t in v["transactions"]]
        assert kinds[1:] == ["LOGIN", "NOOP", "LOGOUT"], kinds
        assert all(t["state"] == "COMPLETE" for t in v["transactions"]), v["transactions"]
        assert base64.b64decode(v["transactions"][2]["requestBytes"]) == b"a2 NOOP\r\n"
    finally:
        for s in servers:
            s.stop()


def test_a_backends_imap_session_with_the_aux_server_is_indexed_by_transaction(rnet, logger):
    """The aux role: b1 talks IMAP to dovecot on the aux host with the serving transaction's id in
    each tag; the logger cuts the session into commands and serves them by that id."""
    aux = Dovecot(rnet.net.get("aux"), rnet.workdir).start()
    try:
        txn = 0x0A000001B2B20003  # client 10.0.0.1, port 45746, transaction 3
        tag = "rs%016x" % txn
        script = ("%s.1 LOGIN alice secret\r\n%s.2 SELECT INBOX\r\n%s.3 LOGOUT\r\n" % (tag, tag, tag))
        b1 = rnet.net.get("b1")
        out = b1.cmd("(sleep 0.5; printf '%s'; sleep 1) | socat -T 5 - TCP:%s:143"
                     % (script.replace("\r\n", "\\r\\n"), rnet.net.get("aux").IP()))
        assert "%s.3 OK" % tag in out, out

        def logged():
            status, cmds = logger.rest("aux?transaction=%016x" % txn)
            return cmds if status == 200 and len(cmds) == 3 and all(c["complete"] for c in cmds) else None
        cmds = wait_until("the aux session in the log", logged, timeout=10)
        assert [c["sequence"] for c in cmds] == [1, 2, 3]
        assert [c["command"] for c in cmds] == ["LOGIN", "SELECT", "LOGOUT"]
        assert base64.b64decode(cmds[1]["request"]) == ("%s.2 SELECT INBOX\r\n" % tag).encode()
        lines = base64.b64decode(cmds[1]["response"]).decode().rstrip("\r\n").split("\r\n")
        assert lines[-1].startswith("%s.2 OK" % tag), lines
        assert any("EXISTS" in line for line in lines[:-1]), "untagged data belongs to the command's response"

        # A replay of the transaction sends the same request again: the log answers it, byte for byte.
        status, served = logger.rest("aux/replay?transaction=%016x" % txn, method="POST",
                                     body=base64.b64decode(cmds[1]["request"]))
        assert status == 200 and served["outcome"] == "SERVED", served
        assert served["response"] == cmds[1]["response"]
        status, diverged = logger.rest("aux/replay?transaction=%016x" % txn, method="POST",
                                       body=("%s.2 SELECT Trash\r\n" % tag).encode())
        assert diverged["outcome"] == "MISMATCH", diverged
    finally:
        aux.stop()
