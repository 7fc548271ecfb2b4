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


DOVECOT_CONF = """\
protocols = imap
listen = *
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
login_greeting = resplice-test dovecot ready on {name}
# Any user, any password: the test is about the transport, not about mail.
passdb {{
  driver = static
  args = nopassword=y
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={dir}/home/%u
}}
mail_location = maildir:{dir}/mail/%u
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


class Dovecot:
    """Debian's dovecot IMAP server inside `host`: a server that speaks first (its greeting)."""

    def __init__(self, host, workdir, port=143):
        self.host = host
        self.dir = os.path.join(workdir, "dovecot-" + host.name)
        self.port = port
        self.proc = None

    def start(self, timeout=15):
        for sub in ("run", "state", "home", "mail"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        os.chmod(self.dir, 0o755)
        conf = os.path.join(self.dir, "dovecot.conf")
        with open(conf, "w") as f:
            f.write(DOVECOT_CONF.format(dir=self.dir, port=self.port, name=self.host.name))
        self.proc = self.host.popen(["dovecot", "-c", conf, "-F"])
        # Ready when a local client gets the real greeting (dovecot stalls it until auth is up).
        wait_until("dovecot on %s:%d to greet" % (self.host.name, self.port),
                   lambda: "dovecot ready" in self.host.cmd(
                       "(sleep 0.3; printf 'a LOGOUT\\r\\n'; sleep 0.3) | socat -T 2 - TCP:127.0.0.1:%d" % self.port)
                   or self._died(), timeout, interval=0.5)
        return self

    def _died(self):
        if self.proc.poll() is not None:
            raise RuntimeError("dovecot on %s exited %s; see %s" % (self.host.name, self.proc.returncode,
                                                                  os.path.join(self.dir, "dovecot.log")))
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except Exception:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


HAPROXY_CONF = """\
global
    maxconn 4000
    pidfile {dir}/haproxy.pid
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option http-keep-alive
frontend web
    bind *:{port}
    default_backend pool
backend pool
    balance roundrobin
{servers}
"""


class Haproxy:
    """Debian's HAProxy in HTTP mode inside `host`, balancing over `backends` (for comparison)."""

    def __init__(self, host, workdir, backends, port=8080):
        self.host = host
        self.dir = os.path.join(workdir, "haproxy-" + host.name)
        self.backends = backends
        self.port = port
        self.proc = None

    def start(self, timeout=15):
        os.makedirs(self.dir, exist_ok=True)
        conf = os.path.join(self.dir, "haproxy.cfg")
        servers = "\n".join("    server s%d %s:80" % (i, b) for i, b in enumerate(self.backends))
        with open(conf, "w") as f:
            f.write(HAPROXY_CONF.format(dir=self.dir, port=self.port, servers=servers))
        self.proc = self.host.popen(["haproxy", "-db", "-f", conf])
        wait_until("haproxy on %s:%d" % (self.host.name, self.port),
                   lambda: "LISTEN" in self.host.cmd("ss -Hltn sport = :%d" % self.port) or self._died(), timeout)
        return self

    def _died(self):
        if self.proc.poll() is not None:
            raise RuntimeError("haproxy on %s exited %s" % (self.host.name, self.proc.returncode))
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except Exception:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
