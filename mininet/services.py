"""Real servers on Mininet hosts, one instance per host.

Mininet hosts share one PID namespace and one file system: every server here gets its own
configuration, pid file and logs under a per-host directory, and is stopped by its own pid,
never by name (DESIGN §5).
"""

import os
import shutil
import signal
import subprocess
import tempfile

from resplice_net import wait_until


class HostServer:
    """A server process inside one Mininet host, started by a subclass, stopped by its own pid."""

    stop_signal = signal.SIGTERM

    def __init__(self, host, workdir, kind, port):
        self.host = host
        self.dir = os.path.join(workdir, "%s-%s" % (kind, host.name))
        self.kind = kind
        self.port = port
        self.proc = None

    def listening(self):
        return "LISTEN" in self.host.cmd("ss -Hltn sport = :%d" % self.port)

    def wait_ready(self, ready, timeout, interval=0.1):
        """Waits until ready() holds, failing at once (with its log) if the server exits."""
        wait_until("%s on %s:%d" % (self.kind, self.host.name, self.port),
                   lambda: ready() or self._died(), timeout, interval)

    def _died(self):
        if self.proc.poll() is not None:
            raise RuntimeError("%s on %s exited %s; see %s" % (self.kind, self.host.name, self.proc.returncode,
                                                              self.dir))
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(self.stop_signal)
            try:
                self.proc.wait(timeout=10)
            except Exception:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


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
        location = /sleep {{
            # Answers after ?s= seconds: response times a test can vary.
            echo_sleep $arg_s;
            echo "slept $arg_s";
        }}
    }}
}}
"""


class Nginx(HostServer):
    """nginx serving `root` on `port` inside `host`."""

    stop_signal = signal.SIGQUIT  # graceful: finish the requests in flight

    def __init__(self, host, workdir, root, port=80):
        super().__init__(host, workdir, "nginx", port)
        self.root = root

    def start(self, timeout=15):
        os.makedirs(self.dir, exist_ok=True)
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(dir=self.dir, port=self.port, root=self.root, name=self.host.name))
        self.proc = self.host.popen(["nginx", "-c", conf, "-g", "daemon off;"])
        self.wait_ready(self.listening, timeout)
        return self


def nginx_worker_pids(host, workdir):
    """The worker processes of the nginx that Nginx(host, workdir, ...) started: its master's children.
    (Killed or stopped, they fail the way an application process does; the master respawns them.)"""
    with open(os.path.join(Nginx(host, workdir, None).dir, "nginx.pid")) as f:
        master = f.read().strip()
    out = subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


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
mail_location = maildir:{mail}/%u
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


class Dovecot(HostServer):
    """Debian's dovecot IMAP server inside `host`: a server that speaks first (its greeting)."""

    def __init__(self, host, workdir, port=143):
        super().__init__(host, workdir, "dovecot", port)

    def start(self, timeout=15):
        for sub in ("run", "state", "home"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        os.chmod(self.dir, 0o755)
        # Mail is written as nobody, who cannot reach into the test's private folders.
        self.mail = tempfile.mkdtemp(prefix="resplice-mail-%s-" % self.host.name)
        os.chmod(self.mail, 0o1777)
        conf = os.path.join(self.dir, "dovecot.conf")
        with open(conf, "w") as f:
            f.write(DOVECOT_CONF.format(dir=self.dir, port=self.port, name=self.host.name, mail=self.mail))
        self.proc = self.host.popen(["dovecot", "-c", conf, "-F"])
        # Ready when a local client gets the real greeting (dovecot stalls it until auth is up).
        self.wait_ready(lambda: "dovecot ready" in self.host.cmd(
            "(sleep 0.3; printf 'a LOGOUT\\r\\n'; sleep 0.3) | socat -T 2 - TCP:127.0.0.1:%d" % self.port),
            timeout, interval=0.5)
        return self

    def stop(self):
        super().stop()
        shutil.rmtree(self.mail, ignore_errors=True)


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


class Haproxy(HostServer):
    """Debian's HAProxy in HTTP mode inside `host`, balancing over `backends` (for comparison)."""

    def __init__(self, host, workdir, backends, port=8080):
        super().__init__(host, workdir, "haproxy", port)
        self.backends = backends

    def start(self, timeout=15):
        os.makedirs(self.dir, exist_ok=True)
        conf = os.path.join(self.dir, "haproxy.cfg")
        servers = "\n".join("    server s%d %s:80" % (i, b) for i, b in enumerate(self.backends))
        with open(conf, "w") as f:
            f.write(HAPROXY_CONF.format(dir=self.dir, port=self.port, servers=servers))
        self.proc = self.host.popen(["haproxy", "-db", "-f", conf])
        self.wait_ready(self.listening, timeout)
        return self
