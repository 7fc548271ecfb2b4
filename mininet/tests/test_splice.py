"""Real clients and servers through the VIP: curl against nginx on the backends, the connection
spliced by the switch (OVS + shim + XDP) after the controller's handshake."""

import os
import time
import subprocess

from netutil import random_file, sha256
from resplice_net import wait_until
from services import Dovecot
from topo import MAIL_VIP, VIP


def curl(host, *args, timeout=60):
    """curl inside a Mininet host; returns (exit code, stdout)."""
    p = host.popen(["curl", "-sS", "--max-time", str(timeout)] + list(args), stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=timeout + 10)
    return p.returncode, out, err


def test_curl_through_the_vip_reaches_both_backends_intact(rnet, web, tmp_path):
    c1 = rnet.net.get("c1")
    expected = sha256(os.path.join(web, "1m.bin"))
    backends = set()
    for i in range(4):
        out = str(tmp_path / ("got%d" % i))
        code, headers, err = curl(c1, "-D", "-", "-o", out, "http://%s/1m.bin" % VIP)
        assert code == 0, err.decode()
        assert sha256(out) == expected
        backends.update(l.split(":")[1].strip() for l in headers.decode().splitlines()
                        if l.lower().startswith("x-backend:"))
    assert backends == {"b1", "b2"}, "round robin over the pool"

    status, body = rnet.controller.rest("GET", "splices")
    assert status == 200
    assert body["counters"]["splicesEstablished"] >= 4


def test_offsets_are_real_and_applied_in_the_switch(rnet, web, tmp_path):
    c1 = rnet.net.get("c1")
    before = rnet.shim.xdp_stats()
    code, _, err = curl(c1, "-o", str(tmp_path / "f"), "http://%s/1m.bin" % VIP)
    assert code == 0, err.decode()
    splices = rnet.controller.rest("GET", "splices")[1]["splices"]
    assert splices and all(s["offset"] != 0 for s in splices), splices
    after = rnet.shim.xdp_stats()
    assert after["hits"] - before["hits"] > 700, (before, after)   # ~1 MB of segments each way
    flows = "\n".join(rnet.dump_flows())
    assert "mod_tp_dst" in flows or "set_field" in flows and "tcp_dst" in flows, flows


def test_controller_is_out_of_the_data_path_during_a_bulk_transfer(rnet, web, tmp_path):
    c1 = rnet.net.get("c1")
    before = rnet.controller.runtime()["packets"]["packetsIn"]
    out = str(tmp_path / "big")
    code, _, err = curl(c1, "-o", out, "http://%s/20m.bin" % VIP)
    assert code == 0, err.decode()
    assert sha256(out) == sha256(os.path.join(web, "20m.bin"))
    grown = rnet.controller.runtime()["packets"]["packetsIn"] - before
    # The handshake and the request head reach the controller; the ~15,000 data segments do not.
    assert grown < 20, grown


def test_keep_alive_requests_on_one_connection(rnet, web, tmp_path):
    c1 = rnet.net.get("c1")
    config = tmp_path / "urls"
    config.write_text("".join('url = "http://%s/small.txt"\noutput = "/dev/null"\n' % VIP for _ in range(1000)))
    before = rnet.controller.rest("GET", "splices")[1]["counters"]["splicesEstablished"]
    code, out, err = curl(c1, "-K", str(config), "-w", "%{num_connects}\\n", timeout=120)
    assert code == 0, err.decode()
    connects = [int(x) for x in out.decode().split()]
    assert len(connects) == 1000 and sum(connects) == 1, "one connection carried all 1000 requests"
    after = rnet.controller.rest("GET", "splices")[1]["counters"]["splicesEstablished"]
    assert after - before == 1


def test_a_1mb_post_body(rnet, web, tmp_path):
    c1 = rnet.net.get("c1")
    body = random_file(str(tmp_path / "post.bin"), 1024 * 1024)
    echoed = str(tmp_path / "echoed.bin")
    code, out, err = curl(c1, "--data-binary", "@" + body, "-H", "Content-Type: application/octet-stream",
                          "-o", echoed, "http://%s/echo" % VIP)
    assert code == 0, err.decode()
    assert sha256(echoed) == sha256(body)


def test_200_concurrent_connections_spread_over_both_backends(rnet, web, tmp_path):
    c1, c2 = rnet.net.get("c1"), rnet.net.get("c2")
    config = tmp_path / "urls"
    # A new connection per transfer (no reuse), all at once.
    config.write_text("".join('url = "http://%s/small.txt"\noutput = "/dev/null"\n' % VIP for _ in range(100)))
    procs = [h.popen(["curl", "-sS", "--max-time", "60", "--parallel", "--parallel-max", "100",
                      "--parallel-immediate", "-H", "Connection: close", "-K", str(config),
                      "-w", "%{http_code} %{num_connects} %header{x-backend}\\n"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for h in (c1, c2)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=90)
        assert p.returncode == 0, err.decode()
        results += out.decode().split("\n")
    lines = [l.split() for l in results if l.strip()]
    assert len(lines) == 200
    assert all(code == "200" for code, _, _ in lines), lines
    assert sum(int(n) for _, n, _ in lines) == 200, "200 separate connections"
    per_backend = {b: sum(1 for _, _, x in lines if x == b) for b in ("b1", "b2")}
    assert per_backend["b1"] >= 50 and per_backend["b2"] >= 50, per_backend


def test_wget_and_a_200mb_download(rnet, web, tmp_path):
    c2 = rnet.net.get("c2")
    big = os.path.join(web, "200m.bin")
    random_file(big, 200 * 1024 * 1024)
    out = str(tmp_path / "200m.bin")
    p = c2.popen(["wget", "-q", "-O", out, "http://%s/200m.bin" % VIP], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, err = p.communicate(timeout=180)
    assert p.returncode == 0, err.decode()
    assert sha256(out) == sha256(big)
    os.unlink(big)


def test_nothing_leaks_after_10000_short_connections(rnet, web, tmp_path):
    """Splice table, OVS flows and XDP entries all return to what they were once the connections
    have closed and their splices expired."""
    ctl = rnet.controller

    def no_splices():
        return ctl.rest("GET", "splices")[1]["counters"]["splicesActive"] == 0 and rnet.shim.xdp_entries() == 0
    wait_until("earlier tests' splices to expire", no_splices, timeout=60, interval=1)
    flows_before = len(rnet.dump_flows())
    config = tmp_path / "urls"
    config.write_text("".join('url = "http://%s/small.txt"\noutput = "/dev/null"\n' % VIP for _ in range(5000)))
    procs = [rnet.net.get(h).popen(["curl", "-sS", "--max-time", "30", "--parallel", "--parallel-max", "20",
                                    "--parallel-immediate", "-H", "Connection: close", "-K", str(config),
                                    "-w", "%{http_code}\\n"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for h in ("c1", "c2")]
    codes = []
    for p in procs:
        out, _ = p.communicate(timeout=400)
        codes += out.decode().split()
    assert len(codes) == 10000
    # Known bug (see the closing note of stop 5): about one connection in 10,000 hangs until
    # curl's 30 s limit. Bounded here so it cannot grow unnoticed; the leak check below is strict.
    assert codes.count("200") >= 9990, "only %d of 10000 requests succeeded" % codes.count("200")

    def back_to_zero():
        return no_splices() and len(rnet.dump_flows()) == flows_before
    wait_until("splices, flows and XDP entries to return to zero", back_to_zero, timeout=60, interval=1)
    assert ctl.rest("GET", "splices")[1]["counters"]["splicesFailed"] <= 10000 - codes.count("200")


def splice_of(rnet, client):
    """The splice table's entry for client "ip:port", or None."""
    return next((s for s in rnet.controller.rest("GET", "splices")[1]["splices"] if s["client"] == client), None)


def test_a_closed_connection_ends_its_splice_after_both_fins(rnet, web, tmp_path):
    """The close watchers copy each FIN to the controller; the splice goes a linger after the second,
    well before the rules' 10 s idle timeout."""
    c1 = rnet.net.get("c1")
    counters = rnet.controller.rest("GET", "splices")[1]["counters"]
    port = 45123
    code, _, err = curl(c1, "--local-port", str(port), "-H", "Connection: close", "-o", "/dev/null",
                        "http://%s/small.txt" % VIP)
    assert code == 0, err.decode()
    done = time.monotonic()
    client = "%s:%d" % (c1.IP(), port)
    wait_until("the splice of %s to end" % client, lambda: splice_of(rnet, client) is None, timeout=9,
               interval=0.1)
    assert time.monotonic() - done < 6, "ended by the idle timeout, not by the FINs"
    after = rnet.controller.rest("GET", "splices")[1]["counters"]
    assert after["splicesClosedByFin"] >= counters["splicesClosedByFin"] + 1
    assert after["finsSeen"] >= counters["finsSeen"] + 2, "one FIN each way"


def test_a_client_port_reused_before_the_splice_ends_opens_a_new_splice(rnet, web, tmp_path):
    """The server closes first, so the client may reuse its port at once, while the old splice still
    lingers: the SYN watcher hands the SYN to the controller, which ends the old splice and splices
    the new connection. Left on the old splice, the new connection would die when that splice's
    linger ends; this one outlives it by a second."""
    c1 = rnet.net.get("c1")
    before = rnet.controller.rest("GET", "splices")[1]["counters"]
    port = 45200
    url = "http://%s/small.txt" % VIP
    code, _, err = curl(c1, "--local-port", str(port), "-H", "Connection: close", "-o", "/dev/null", url)
    assert code == 0, err.decode()
    # Four requests at 1/s on one keep-alive connection from the same port: about 3 s.
    code, out, err = curl(c1, "--local-port", str(port), "--rate", "1/s", "-w", "%{http_code} %{num_connects}\\n",
                          "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null",
                          url, url, url, url, timeout=20)
    assert code == 0, err.decode()
    assert out.decode().split() == ["200", "1", "200", "0", "200", "0", "200", "0"], out
    after = rnet.controller.rest("GET", "splices")[1]["counters"]
    assert after["clientPortsReused"] == before["clientPortsReused"] + 1, (before, after)


RESET_CLIENT = r"""
import os, socket, sys, time
go, vip = sys.argv[1], sys.argv[2]
s = socket.create_connection((vip, 80), timeout=10)
req = b"GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n"
s.sendall(req)
got = b""
while not got.endswith(b"hello\n"):
    chunk = s.recv(4096)
    if not chunk:
        sys.exit("closed early: %r" % got)
    got += chunk
print("first ok", flush=True)
deadline = time.monotonic() + 20
while not os.path.exists(go):
    if time.monotonic() > deadline:
        sys.exit("never told to go on")
    time.sleep(0.05)
s.sendall(req)
try:
    data = s.recv(4096)
    print("no reset: %r" % data, flush=True)
except ConnectionResetError:
    print("reset", flush=True)
"""


def test_a_backend_reset_goes_to_the_controller_which_tells_the_client(rnet, web, tmp_path):
    """A backend's RST is a failure signal: the switch gives it to the controller only, and (until
    a recovery service takes over) the controller resets the client and ends the splice."""
    c1 = rnet.net.get("c1")
    backends = [rnet.net.get(b) for b in ("b1", "b2")]
    counters = rnet.controller.rest("GET", "splices")[1]["counters"]
    go = str(tmp_path / "go")
    client = c1.popen(["/usr/bin/python3", "-c", RESET_CLIENT, go, VIP], stdout=subprocess.PIPE,
                      stderr=subprocess.PIPE)
    reject = "INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset"
    try:
        assert client.stdout.readline().decode().strip() == "first ok", client.stderr.read().decode()
        for b in backends:
            b.cmd("iptables -A " + reject)  # the backend's next answer is a reset
        open(go, "w").close()
        out, err = client.communicate(timeout=30)
    finally:
        for b in backends:
            b.cmd("iptables -D " + reject)
        if client.poll() is None:
            client.kill()
            client.wait()
    assert out.decode().strip() == "reset", (out, err)
    after = rnet.controller.rest("GET", "splices")[1]["counters"]
    assert after["backendResets"] == counters["backendResets"] + 1
    assert after["splicesClosed"] >= counters["splicesClosed"] + 1


def test_a_session_cookie_keeps_its_backend(rnet, web, tmp_path):
    """The web pool's affinity cookie (SID): the same session always lands on the same backend,
    different sessions spread over both, and requests without it still go round robin."""
    c1 = rnet.net.get("c1")

    def backend_of(*args):
        code, headers, err = curl(c1, "-D", "-", "-o", "/dev/null", *(list(args) + ["http://%s/small.txt" % VIP]))
        assert code == 0, err.decode()
        return next(l.split(":")[1].strip() for l in headers.decode().splitlines()
                    if l.lower().startswith("x-backend:"))
    by_session = {}
    for sid in ("alice-1", "bob-2", "carol-3", "dave-4", "erin-5", "frank-6"):
        seen = {backend_of("-H", "Cookie: theme=dark; SID=%s" % sid) for _ in range(4)}
        assert len(seen) == 1, "session %s moved between backends: %s" % (sid, seen)
        by_session[sid] = seen.pop()
    assert set(by_session.values()) == {"b1", "b2"}, by_session
    assert {backend_of() for _ in range(4)} == {"b1", "b2"}


def test_a_syn_flood_does_not_stop_a_legitimate_client(rnet, web, tmp_path):
    """5,000 SYN/s for 10 s at the VIP from c2; c1's requests still complete (SYN cookies keep no
    state before the handshake completes)."""
    c1, c2 = rnet.net.get("c1"), rnet.net.get("c2")
    # The flooder's kernel would answer each SYN-ACK with a reset; a real flood does not.
    c2.cmd("iptables -A OUTPUT -p tcp --tcp-flags RST RST -d %s -j DROP" % VIP)
    flood = c2.popen(["/usr/bin/python3", os.path.join(os.path.dirname(os.path.dirname(__file__)), "synflood.py"),
                      VIP, "80", "5000", "10"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        completed = 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and flood.poll() is None:
            code, _, err = curl(c1, "-o", "/dev/null", "http://%s/small.txt" % VIP, timeout=10)
            assert code == 0, "legitimate request failed during the flood: " + err.decode()
            completed += 1
        out, err = flood.communicate(timeout=30)
        assert flood.returncode == 0, err.decode()
        sent = int(out.decode().strip())
    finally:
        if flood.poll() is None:
            flood.kill()
            flood.wait()
        c2.cmd("iptables -D OUTPUT -p tcp --tcp-flags RST RST -d %s -j DROP" % VIP)
    assert sent >= 45000, "the flood ran at %d SYN/s" % (sent // 10)
    assert completed >= 10, completed
    counters = rnet.controller.rest("GET", "splices")[1]["counters"]
    assert counters["synAcksSent"] >= sent * 0.5, counters


def test_a_server_speaks_first_pool_answers_through_its_vip(rnet, tmp_path):
    """IMAP (Debian's dovecot): the backend talks first, so the controller routes as soon as the
    handshake completes."""
    servers = [Dovecot(rnet.net.get(b), rnet.workdir).start() for b in ("b1", "b2")]
    try:
        c1 = rnet.net.get("c1")
        greeted = set()
        for i in range(2):
            # A client that waits for the greeting, then logs in, pings and logs out.
            text = c1.cmd("(sleep 0.5; printf 'a1 LOGIN alice secret\\r\\na2 NOOP\\r\\na3 LOGOUT\\r\\n';"
                          " sleep 1) | socat -T 5 - TCP:%s:143" % MAIL_VIP)
            assert "resplice-test dovecot ready on" in text, text
            assert "a1 OK" in text and "a2 OK" in text and "a3 OK" in text, text
            greeted.add(text.split("ready on ")[1].split()[0])
        assert greeted == {"b1", "b2"}, greeted
    finally:
        for s in servers:
            s.stop()
