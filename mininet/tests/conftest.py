import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from netutil import random_file  # noqa: E402
from resplice_net import RespliceNet  # noqa: E402
from services import Nginx  # noqa: E402


def pytest_configure(config):
    if os.geteuid() != 0:
        pytest.exit("the Mininet tests need root (run ./resplice test as root)", returncode=2)


@pytest.fixture(scope="session")
def rnet(tmp_path_factory):
    """One network for the session: building it costs seconds, and tests leave it as they found it."""
    workdir = str(tmp_path_factory.mktemp("resplice-net"))
    with RespliceNet(workdir=workdir, flow_poll_seconds=1) as net:
        yield net


@pytest.fixture(scope="session")
def web(rnet, tmp_path_factory):
    """nginx on both backends, serving the same files; returns the document root."""
    root = str(tmp_path_factory.mktemp("www"))
    random_file(os.path.join(root, "1m.bin"), 1024 * 1024)
    random_file(os.path.join(root, "20m.bin"), 20 * 1024 * 1024)
    random_file(os.path.join(root, "300k.bin"), 300 * 1024)
    with open(os.path.join(root, "small.txt"), "w") as f:
        f.write("hello\n")
    servers = [Nginx(rnet.net.get(b), rnet.workdir, root).start() for b in ("b1", "b2")]
    yield root
    for s in servers:
        s.stop()
