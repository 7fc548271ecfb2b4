"""Builds and runs a resplice network in Mininet: OVS with the userspace datapath, our embedded
controller as the remote controller, a management network to the root namespace, and the netcfg
JSON the controller reads, derived from the topology so ports and addresses always agree.

Run with /usr/bin/python3 (Debian's Mininet), as root.
"""

import json
import os
import select
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from functools import partial

from mininet.link import Link
from mininet.log import info
from mininet.net import Mininet
from mininet.node import OVSBridge, OVSSwitch, RemoteController

import topo as topology

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTROLLER_JAR = os.path.join(ROOT, "controller", "target", "resplice-controller.jar")
LOGGER_JAR = os.path.join(ROOT, "logger-node", "target", "resplice-logger.jar")
SHIM_JAR = os.path.join(ROOT, "splice-switch", "target", "resplice-shim.jar")
APP_NAME = "org.resplice.app"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, predicate, timeout=30.0, interval=0.1):
    """Polls predicate until it returns a truthy value or timeout seconds pass; returns the value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError("timed out after %.1f s waiting for %s" % (timeout, what))
        time.sleep(interval)


def ensure_ovs():
    """Starts ovsdb-server and ovs-vswitchd when they are not running (there is no systemd here)."""
    if subprocess.run(["ovs-vsctl", "--timeout=2", "show"], capture_output=True).returncode == 0:
        return
    subprocess.run(["/usr/share/openvswitch/scripts/ovs-ctl", "start", "--system-id=random"],
                   check=True, capture_output=True)


def start_until_ready(argv, log_path, ready_prefix, what, timeout, popen=subprocess.Popen):
    """Starts a Java child whose stderr goes to log_path and which prints one line starting with
    ready_prefix on stdout once it serves; returns the process, or kills it and raises. popen is a
    Mininet host's popen to start it inside that host."""
    log = open(log_path, "a")
    proc = popen(argv, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
            line = proc.stdout.readline() if ready else ""
            if not line:
                break
            log.write(line)
            log.flush()
            if line.startswith(ready_prefix):
                return proc
        code = proc.poll()
        if code is None:
            proc.kill()
            proc.wait()
        raise RuntimeError("%s did not start (exit %s); see %s" % (what, code, log_path))
    finally:
        log.close()


def stop_process(proc, timeout=20):
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=timeout)


class ControllerProcess:
    """The embedded controller as a child process, with its REST API at hand."""

    def __init__(self, netcfg_path, state_dir, of_port, rest_port=None, flow_poll_seconds=5,
                 log_path=None):
        self.netcfg_path = netcfg_path
        self.state_dir = state_dir
        self.of_port = of_port
        self.rest_port = rest_port or free_port()
        self.flow_poll_seconds = flow_poll_seconds
        self.log_path = log_path or os.path.join(state_dir, "controller.log")
        self.proc = None
        self.starts = 0

    @property
    def token(self):
        with open(os.path.join(self.state_dir, "token")) as f:
            return f.read().strip()

    def start(self, timeout=60):
        if not os.path.exists(CONTROLLER_JAR):
            raise FileNotFoundError(CONTROLLER_JAR + " is missing: build with ./resplice build")
        os.makedirs(self.state_dir, exist_ok=True)
        self.starts += 1
        with open(self.log_path, "a") as log:
            log.write("---- start %d ----\n" % self.starts)
        self.proc = start_until_ready(
            ["java", "-Dorg.slf4j.simpleLogger.showDateTime=true", "-jar", CONTROLLER_JAR,
             "--config", self.netcfg_path, "--state-dir", self.state_dir,
             "--openflow", "127.0.0.1:%d" % self.of_port,
             # Every address: the logger reaches it over the management network.
             "--rest", "0.0.0.0:%d" % self.rest_port,
             "--flow-poll-seconds", str(self.flow_poll_seconds)],
            self.log_path, "resplice controller ready", "controller", timeout)
        return self

    def stop(self, timeout=20):
        stop_process(self.proc, timeout)
        self.proc = None

    def rest(self, method, path, body=None, token=True, content_type="application/json"):
        """Returns (status, parsed JSON or text)."""
        url = "http://127.0.0.1:%d/resplice/%s" % (self.rest_port, path.lstrip("/"))
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        if token:
            req.add_header("Authorization", "Bearer " + (token if isinstance(token, str) else self.token))
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode(errors="replace")

    def runtime(self):
        status, body = self.rest("GET", "runtime")
        if status != 200:
            raise RuntimeError("GET /resplice/runtime: %s %s" % (status, body))
        return body


class ShimProcess:
    """One splice switch's OpenFlow shim (and its XDP program) as a child process."""

    def __init__(self, name, controller_port, workdir):
        self.name = name
        self.controller_port = controller_port
        self.port = free_port()
        self.log_path = os.path.join(workdir, "shim-%s.log" % name)
        self.proc = None

    def start(self, timeout=60):
        if not os.path.exists(SHIM_JAR):
            raise FileNotFoundError(SHIM_JAR + " is missing: build with ./resplice build")
        self.proc = start_until_ready(
            ["java", "-jar", SHIM_JAR, "--name", self.name, "--listen", "127.0.0.1:%d" % self.port,
             "--controller", "127.0.0.1:%d" % self.controller_port],
            self.log_path, "resplice shim ready", "shim " + self.name, timeout)
        return self

    def stop(self, timeout=20):
        stop_process(self.proc, timeout)
        self.proc = None

    def xdp_entries(self):
        """How many adjustments the XDP map holds."""
        out = subprocess.run(["bpftool", "-j", "map", "dump", "pinned",
                              "/sys/fs/bpf/resplice/%s/maps/adjust_map" % self.name],
                             capture_output=True, text=True, check=True).stdout
        return len(json.loads(out))

    STATS_FIELDS = ("packets", "hits", "misses", "malformed", "sack_blocks_rewritten", "window_rescaled",
                    "not_tcp")

    def xdp_stats(self):
        """The XDP program's per-CPU counters (struct resplice_stats, seven u64), summed over CPUs."""
        out = subprocess.run(["bpftool", "-j", "map", "dump", "pinned",
                              "/sys/fs/bpf/resplice/%s/maps/stats_map" % self.name],
                             capture_output=True, text=True, check=True).stdout
        totals = dict.fromkeys(self.STATS_FIELDS, 0)
        for cpu in json.loads(out)[0]["values"]:
            raw = bytes(int(b, 16) for b in cpu["value"])
            for i, name in enumerate(self.STATS_FIELDS):
                totals[name] += int.from_bytes(raw[8 * i:8 * i + 8], "little")
        return totals


class LoggerProcess:
    """A logger node inside its Mininet host, capturing the host's data interface (the switch's
    mirror port), following the controller over the management network."""

    REST_PORT = 8282

    def __init__(self, rnet, host_name=None, extra_args=()):
        self.host = rnet.net.get(host_name or rnet.topo.hosts_with(topology.Role.LOGGER)[0])
        self.rnet = rnet
        self.mgmt_ip = rnet.topo.nodeInfo(self.host.name)["mgmt_ip"]
        self.extra_args = list(extra_args)
        self.log_path = os.path.join(rnet.workdir, "logger-%s.log" % self.host.name)
        self.proc = None

    def start(self, timeout=60):
        if not os.path.exists(LOGGER_JAR):
            raise FileNotFoundError(LOGGER_JAR + " is missing: build with ./resplice build")
        ctl = self.rnet.controller
        self.proc = start_until_ready(
            ["java", "-Dorg.slf4j.simpleLogger.showDateTime=true", "-jar", LOGGER_JAR,
             "--config", ctl.netcfg_path, "--interface", self.host.intfs[0].name,
             "--controller", "http://%s:%d/resplice/" % (topology.MGMT_ROOT_IP, ctl.rest_port),
             "--token-file", os.path.join(ctl.state_dir, "token"),
             "--listen", "%s:%d" % (self.mgmt_ip, self.REST_PORT)] + self.extra_args,
            self.log_path, "resplice logger ready", "logger on " + self.host.name, timeout, popen=self.host.popen)
        return self

    def stop(self, timeout=20):
        stop_process(self.proc, timeout)
        self.proc = None

    def rest(self, path, method="GET", body=None):
        """<method> /logger/<path> with an optional raw body; returns (status, parsed JSON)."""
        if method == "POST" and body is None:
            body = b""
        req = urllib.request.Request("http://%s:%d/logger/%s" % (self.mgmt_ip, self.REST_PORT, path.lstrip("/")),
                                     data=body, method=method)
        req.add_header("Authorization", "Bearer " + self.rnet.controller.token)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")


class RespliceNet:
    """A Mininet network of `topo` under our controller, with a management network.

    Use as a context manager; on exit the network, the controller and Mininet's leftovers go.
    """

    def __init__(self, topo=None, workdir="/tmp/resplice-net", of_port=None, flow_poll_seconds=5, shim=True):
        self.topo = topo or topology.PaperTopo()
        self.workdir = workdir
        self.of_port = of_port or free_port()
        self.flow_poll_seconds = flow_poll_seconds
        self.use_shim = shim
        self.net = None
        self.controller = None
        self.shim = None

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        ensure_ovs()
        os.makedirs(self.workdir, exist_ok=True)
        switch = partial(OVSSwitch, datapath="user", failMode="secure", protocols="OpenFlow13")
        self.net = Mininet(topo=None, switch=switch, controller=None, build=False,
                           autoSetMacs=False, waitConnected=False)
        # Nodes and links first: the switch ports they get are what the controller's config names.
        self.net.buildFromTopo(self.topo)
        self._add_management_network()

        netcfg_path = os.path.join(self.workdir, "netcfg.json")
        with open(netcfg_path, "w") as f:
            json.dump(self.netcfg(), f, indent=2)
        self.controller = ControllerProcess(netcfg_path, os.path.join(self.workdir, "state"), self.of_port,
                                            flow_poll_seconds=self.flow_poll_seconds)
        self.controller.start()
        switch_port = self.of_port
        if self.use_shim:
            # The splice switch talks to the controller through its shim (DESIGN §1).
            self.shim = ShimProcess("s1", self.of_port, self.workdir).start()
            switch_port = self.shim.port
        self.net.addController(RemoteController("c0", ip="127.0.0.1", port=switch_port))
        self.net.build()
        self._configure_hosts()
        self.net.start()
        self.wait_programmed()

    def stop(self):
        try:
            if self.net is not None:
                self.net.stop()
        finally:
            self.net = None
            if self.shim is not None:
                self.shim.stop()
            if self.controller is not None:
                self.controller.stop()
            subprocess.run(["mn", "-c"], capture_output=True)

    # -- construction ------------------------------------------------------------------------

    def _add_management_network(self):
        """Every host gets a second interface on a plain learning bridge shared with the root
        namespace, so control traffic (logger RPC, agents) never crosses the data plane."""
        mgmt = self.net.addSwitch("m0", cls=OVSBridge, datapath="user", dpid="00000000000000ff")
        for name in self.topo.hosts(sort=True):
            self.net.addLink(name, mgmt)
        root = self.net.addHost("root", inNamespace=False, ip=None)
        self.net.addLink(root, mgmt)

    def _configure_hosts(self):
        for name in self.topo.hosts(sort=True):
            host = self.net.get(name)
            mgmt_intf = host.intfs[1]
            host.setIP(self.topo.nodeInfo(name)["mgmt_ip"], prefixLen=24, intf=mgmt_intf)
            host.cmd("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1")
            for intf in host.intfList():
                # The userspace datapath does not complete checksums a veth left to offload.
                host.cmd("ethtool -K %s tx off" % intf)
        root = self.net.get("root")
        root.setIP(topology.MGMT_ROOT_IP, prefixLen=24, intf=root.intfs[0])
        root.cmd("sysctl -qw net.ipv6.conf.%s.disable_ipv6=1" % root.intfs[0])
        root.cmd("ethtool -K %s tx off" % root.intfs[0])

    def data_hosts(self):
        return [self.net.get(n) for n in self.topo.hosts(sort=True)]

    def hosts_with(self, role):
        return [self.net.get(n) for n in self.topo.hosts_with(role)]

    def netcfg(self):
        """ONOS netcfg for this network: hosts with their switch ports, and the app's config."""
        s1 = self.net.get("s1")
        device = "of:" + s1.dpid
        hosts = {}
        for host in self.data_hosts():
            # Interfaces get their addresses at build(); the topology has them already.
            params = self.topo.nodeInfo(host.name)
            link = host.intfs[0].link
            sw_intf = link.intf2 if link.intf1.node is host else link.intf1
            hosts["%s/None" % params["mac"]] = {"basic": {
                "name": host.name,
                "ips": [params["ip"].split("/")[0]],
                "locations": ["%s/%d" % (device, s1.ports[sw_intf])],
            }}

        def ips(role):
            return [self.topo.nodeInfo(n)["ip"].split("/")[0] for n in self.topo.hosts_with(role)]
        app = {
            "vips": [{"name": "web", "ip": topology.VIP, "mac": topology.VIP_MAC, "port": 80, "pool": "web"},
                     {"name": "mail", "ip": topology.MAIL_VIP, "mac": topology.MAIL_VIP_MAC, "port": 143,
                      "pool": "mail"}],
            "pools": [{"name": "web", "protocol": "http", "port": 80, "backends": ips(topology.Role.BACKEND),
                       "affinityCookie": "SID"},
                      {"name": "mail", "protocol": "imap", "port": 143, "backends": ips(topology.Role.BACKEND)}],
            "proxyAddresses": [{"ip": topology.PROXY_IP, "mac": topology.PROXY_MAC}],
            "loggers": ips(topology.Role.LOGGER),
            "auxServers": [{"ip": ip, "port": 143} for ip in ips(topology.Role.AUX)],
            "spliceSwitches": [device],
        }
        return {"apps": {APP_NAME: {"resplice": app}}, "hosts": hosts,
                "devices": {device: {"basic": {"name": "s1"}}}}

    # -- observation -------------------------------------------------------------------------

    def dump_flows(self, switch="s1"):
        """The switch's flow entries as ovs-ofctl prints them, one string each (no header)."""
        out = subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "dump-flows", switch],
                             capture_output=True, text=True, check=True).stdout
        return [l.strip() for l in out.splitlines() if "priority=" in l or "actions=" in l]

    def wait_programmed(self, timeout=30):
        """Waits until the controller has the switch and its rules are on it: one entry per rule
        the app stored, and every stored rule confirmed by a barrier."""
        def programmed():
            rt = self.controller.runtime()
            devs = [d for d in rt["devices"] if d["available"]]
            if not devs:
                return False
            stored = devs[0]["flowRules"]
            counters = self.controller.rest("GET", "counters")[1]["fabric"]
            if counters["flowBatchesApplied"] < 1 or stored == 0:
                return False
            return len(self.dump_flows()) == stored
        wait_until("switch s1 to hold the controller's rules", programmed, timeout)
