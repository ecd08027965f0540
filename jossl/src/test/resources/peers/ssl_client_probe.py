"""Connects Python ssl clients to servers a test runs, and reports what each step gave.

Usage: ssl_client_probe.py < cases.json: a JSON list of cases {"port", "cafile", "hostname",
"timeout" (seconds or null), "blocking" (default true), "suppress_ragged_eofs" (default true),
"do_handshake_on_connect" (default true), "steps": [[op, arg...], ...]}. The client is
create_default_context(cafile=...). Ops: handshake, recv N, send TEXT, sendall TEXT, unwrap,
version, pending, settimeout S, setblocking B, close. Prints a JSON list (one per case) of outcome
lists: {"ok": value} or {"exc": TypeName, "str": str(e)} with CPython's locations removed
(" (_ssl.c:NNN)" and the "_ssl.c:NNN: " prefix of timeouts), plus "elapsed" (seconds, rounded to
0.1) for each step.
"""
import json
import re
import socket
import ssl
import sys
import time


def clean(text):
    return re.sub(r"^_ssl\.c:\d+: ", "", re.sub(r" \(_ssl\.c:\d+\)", "", text))


def value(v):
    if isinstance(v, (bytes, bytearray)):
        return {"bytes": v.decode("latin-1")}
    if isinstance(v, socket.socket):
        return "socket"
    return v


def run(case):
    ctx = ssl.create_default_context(cafile=case["cafile"])
    raw = socket.create_connection(("127.0.0.1", case["port"]), timeout=10)
    raw.settimeout(case.get("timeout"))
    if not case.get("blocking", True):
        raw.setblocking(False)
    out = []
    sock = None
    try:
        start = time.monotonic()
        try:
            sock = ctx.wrap_socket(
                raw, server_hostname=case.get("hostname", "localhost"),
                do_handshake_on_connect=case.get("do_handshake_on_connect", True),
                suppress_ragged_eofs=case.get("suppress_ragged_eofs", True))
            out.append({"ok": None, "elapsed": round(time.monotonic() - start, 1)})
        except Exception as e:
            out.append({"exc": type(e).__name__, "str": clean(str(e)),
                        "elapsed": round(time.monotonic() - start, 1)})
            return out
        for step in case["steps"]:
            op, args = step[0], step[1:]
            start = time.monotonic()
            try:
                if op == "handshake":
                    r = sock.do_handshake()
                elif op == "recv":
                    r = sock.recv(args[0])
                elif op == "send":
                    r = sock.send(args[0].encode("latin-1"))
                elif op == "sendall":
                    r = sock.sendall(args[0].encode("latin-1"))
                elif op == "unwrap":
                    r = sock.unwrap()
                elif op == "settimeout":
                    r = sock.settimeout(args[0])
                elif op == "setblocking":
                    r = sock.setblocking(args[0])
                elif op == "close":
                    r = sock.close()
                else:
                    attr = getattr(sock, op)
                    r = attr(*args) if callable(attr) else attr
                out.append({"ok": value(r), "elapsed": round(time.monotonic() - start, 1)})
            except Exception as e:
                out.append({"exc": type(e).__name__, "str": clean(str(e)),
                            "elapsed": round(time.monotonic() - start, 1)})
        return out
    finally:
        (sock or raw).close()


cases = json.load(sys.stdin)
print(json.dumps([run(c) for c in cases]))
