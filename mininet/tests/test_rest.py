"""The REST API with curl, as a user would drive it: tag tables, errors that name the field,
authentication."""

import json
import subprocess

TABLE = {
    "application": "webmail", "protocol": "http",
    "rules": [
        {"match": {"method": "GET", "path": "^/static/"}, "tags": ["deterministic", "read-only", "idempotent"]},
        {"match": {"method": "POST", "path": "^/login$"}, "tags": ["non-deterministic", "update", "non-idempotent"]},
    ],
    "default": ["non-deterministic", "update", "non-idempotent"],
}


def curl(ctl, method, path, body=None, token=True):
    """Returns (HTTP status, parsed JSON body or None)."""
    cmd = ["curl", "-sS", "-X", method, "-o", "-", "-w", "\n%{http_code}",
           "http://127.0.0.1:%d/resplice/%s" % (ctl.rest_port, path)]
    if token:
        cmd += ["-H", "Authorization: Bearer " + (token if isinstance(token, str) else ctl.token)]
    if body is not None:
        cmd += ["-H", "Content-Type: application/json", "--data-binary", body]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=True).stdout
    text, _, code = out.rpartition("\n")
    return int(code), (json.loads(text) if text.strip() else None)


def test_tag_table_round_trip(rnet):
    ctl = rnet.controller
    status, stored = curl(ctl, "PUT", "tags/webmail", json.dumps(TABLE))
    assert status == 200, stored
    status, got = curl(ctl, "GET", "tags/webmail")
    assert status == 200
    assert got == stored
    assert got["rules"] == TABLE["rules"]
    status, listing = curl(ctl, "GET", "tags")
    assert status == 200 and "webmail" in [t["application"] for t in listing["tables"]]


def test_malformed_table_is_refused_naming_the_field(rnet):
    ctl = rnet.controller
    bad = json.loads(json.dumps(TABLE))
    bad["rules"][1]["tags"][0] = "sometimes"
    status, body = curl(ctl, "PUT", "tags/webmail", json.dumps(bad))
    assert status == 400
    assert body["field"] == "$.rules[1].tags[0]"
    assert "sometimes" in body["message"]

    bad = json.loads(json.dumps(TABLE))
    bad["rules"][0]["match"]["path"] = "^/static/("
    status, body = curl(ctl, "PUT", "tags/webmail", json.dumps(bad))
    assert status == 400 and body["field"] == "$.rules[0].match.path"

    status, body = curl(ctl, "PUT", "tags/webmail", '{"application": "webmail", "protocol": ')
    assert status == 400 and body["field"] == "$"

    status, body = curl(ctl, "PUT", "tags/other", json.dumps(TABLE))
    assert status == 400 and body["field"] == "$.application"


def test_no_token_no_access(rnet):
    ctl = rnet.controller
    assert curl(ctl, "GET", "tags", token=False)[0] == 401
    assert curl(ctl, "GET", "tags", token="not-the-token-at-all")[0] == 401
    assert curl(ctl, "PUT", "tags/webmail", json.dumps(TABLE), token=False)[0] == 401
    assert curl(ctl, "GET", "counters", token=False)[0] == 401


def test_delete_table(rnet):
    ctl = rnet.controller
    assert curl(ctl, "PUT", "tags/scratch", json.dumps(dict(TABLE, application="scratch")))[0] == 200
    assert curl(ctl, "DELETE", "tags/scratch")[0] == 204
    status, body = curl(ctl, "GET", "tags/scratch")
    assert status == 404 and "scratch" in body["message"]
    assert curl(ctl, "DELETE", "tags/scratch")[0] == 404
