"""The paper's topology: clients, one splice switch, a logger, backends b1 b2 and an aux server.

A topology is only a shape; `resplice_net.RespliceNet` builds and runs it. Addresses are fixed so
configuration, tests and the demo can name hosts by address.
"""

from mininet.topo import Topo

DATA_NET = "10.0.0.0/24"
MGMT_NET = "10.255.0.0/24"
MGMT_ROOT_IP = "10.255.0.254"

VIP = "10.0.0.100"
VIP_MAC = "02:00:0a:00:00:64"
MAIL_VIP = "10.0.0.101"
MAIL_VIP_MAC = "02:00:0a:00:00:65"
PROXY_IP = "10.0.0.200"
PROXY_MAC = "02:00:0a:00:00:c8"


class Role:
    CLIENT = "client"
    LOGGER = "logger"
    BACKEND = "backend"
    AUX = "aux"


class PaperTopo(Topo):
    """clients c1..cN, logger lg, backends b1 b2, aux server aux, all on splice switch s1."""

    def build(self, clients=2):
        self.roles = {}
        s1 = self.addSwitch("s1", dpid="0000000000000001")
        if not 1 <= clients <= 4:
            raise ValueError("clients must be 1..4, not %r" % clients)
        hosts = [("c%d" % i, Role.CLIENT, i) for i in range(1, clients + 1)]
        hosts += [("lg", Role.LOGGER, 5), ("b1", Role.BACKEND, 11), ("b2", Role.BACKEND, 12),
                  ("aux", Role.AUX, 20)]
        for name, role, last in hosts:
            self.addHost(name, ip="10.0.0.%d/24" % last, mac="00:00:00:00:00:%02x" % last,
                         mgmt_ip="10.255.0.%d" % last)
            self.addLink(name, s1)
            self.roles[name] = role

    def hosts_with(self, role):
        return [h for h in self.hosts(sort=True) if self.roles[h] == role]
