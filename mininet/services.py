"""Real servers on Mininet hosts, one instance per host.

Mininet hosts share one PID namespace and one file system: every server here gets its own
configuration, pid file and logs under a per-host directory, and is stopped by its own pid,
never by name (DESIGN §5).
"""

import os
import signal

from resplice_net import wait_until

NGINX_CONF = """\
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
# Test files live in private temporary folders.
user root;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    keepalive_timeout 60s;
    client_max_body_size 64m;
    server {{
        listen {port} reuseport;
        root {root};
        # Who answered: lets tests tell backends apart.
        add_header X-Backend {name} always;
        location = /echo {{
            # Answers with the request body it read: proof that the body crossed intact.
            client_body_buffer_size 4m;
            client_max_body_size 4m;
            echo_read_request_body;
            echo_request_body;
        }}
    }}
}}
"""


class Nginx:
    """nginx serving `root` on `port` inside `host`."""

    def __init__(self, host, workdir, root, port=80):
        self.host = host
        self.dir = os.path.join(workdir, "nginx-" + host.name)
        self.root = root
        self.port = port
        self.proc = None

    def start(self, timeout=15):
        os.makedirs(self.dir, exist_ok=True)
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(dir=self.dir, port=self.port, root=self.root, name=self.host.name))
        self.proc = self.host.popen(["nginx", "-c", conf, "-g", "daemon off;"])
        wait_until("nginx on %s:%d" % (self.host.name, self.port),
                   lambda: self.proc.poll() is None and "LISTEN" in self.host.cmd("ss -Hltn sport = :%d" % self.port)
                   or self._died(), timeout)
        return self

    def _died(self):
        if self.proc.poll() is not None:
            with open(os.path.join(self.dir, "error.log")) as f:
                raise RuntimeError("nginx on %s exited: %s" % (self.host.name, f.read()[-2000:]))
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except Exception:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
