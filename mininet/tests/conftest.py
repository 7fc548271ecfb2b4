import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from resplice_net import RespliceNet  # noqa: E402


def pytest_configure(config):
    if os.geteuid() != 0:
        pytest.exit("the Mininet tests need root (run ./resplice test as root)", returncode=2)


@pytest.fixture(scope="session")
def rnet(tmp_path_factory):
    """One network for the session: building it costs seconds, and tests leave it as they found it."""
    workdir = str(tmp_path_factory.mktemp("resplice-net"))
    with RespliceNet(workdir=workdir, flow_poll_seconds=1) as net:
        yield net
