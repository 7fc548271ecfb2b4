"""A raw HTTP/1.1 client that records the exact bytes of each exchange, to check a logger against.

Run inside a Mininet host: /usr/bin/python3 rawhttp.py HOST PORT PLAN.json
PLAN is a list of connections, each a list of requests {"method", "path", "headers": {}, "body": str,
"pipeline": bool}; a request with "pipeline" is sent right after the previous one, before its
response is read. Prints JSON: [{"local_port", "exchanges": [{"request_hex", "response_sha256",
"response_len", "status"}]}]. Every read has a timeout: nothing here waits forever.
"""

import hashlib
import json
import socket
import sys

TIMEOUT_S = 10


def encode(req):
    body = req.get("body", "").encode()
    lines = ["%s %s HTTP/1.1" % (req["method"], req["path"]), "Host: resplice"]
    lines += ["%s: %s" % kv for kv in req.get("headers", {}).items()]
    if body or req["method"] in ("POST", "PUT"):
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Reader:
    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.buf += chunk

    def until(self, marker):
        while marker not in self.buf:
            self.fill()
        i = self.buf.index(marker) + len(marker)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def exactly(self, n):
        while len(self.buf) < n:
            self.fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


def read_response(reader, method):
    head = reader.until(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    raw = head
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return raw, status
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size_line = reader.until(b"\r\n")
            raw += size_line
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:
                raw += reader.until(b"\r\n")  # no trailers: the final CRLF
                return raw, status
            raw += reader.exactly(size + 2)
    return raw + reader.exactly(int(headers.get("content-length", "0"))), status


def run(host, port, plan):
    result = []
    for conn in plan:
        s = socket.create_connection((host, port), timeout=TIMEOUT_S)
        reader = Reader(s)
        exchanges, sent = [], []
        i = 0
        while i < len(conn):
            batch = [conn[i]]
            while i + len(batch) < len(conn) and conn[i + len(batch)].get("pipeline"):
                batch.append(conn[i + len(batch)])
            data = [encode(r) for r in batch]
            s.sendall(b"".join(data))
            for req, raw_req in zip(batch, data):
                raw, status = read_response(reader, req["method"])
                exchanges.append({"request_hex": raw_req.hex(), "response_sha256": hashlib.sha256(raw).hexdigest(),
                                  "response_len": len(raw), "status": status})
            i += len(batch)
        result.append({"local_port": s.getsockname()[1], "exchanges": exchanges})
        s.close()
    return result


if __name__ == "__main__":
    with open(sys.argv[3]) as f:
        print(json.dumps(run(sys.argv[1], int(sys.argv[2]), json.load(f))))
