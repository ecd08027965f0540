"""Connects Python ssl clients to servers a test runs, and reports what each step gave.

Usage: ssl_client_probe.py < cases.json: a JSON list of cases {"port", "cafile", "hostname",
"timeout" (seconds or null), "blocking" (default true), "suppress_ragged_eofs" (default true),
"do_handshake_on_connect" (default true), "unconnected" (wrap a socket that is not connected yet),
"steps": [[op, arg...], ...]}. The client is create_default_context(cafile=...). Ops: handshake,
handshake_block B (do_handshake(block=B)), recv N, recv_flags N F, recv_into SIZE NBYTES|null
(answers [n, bytes]), read N, read_into SIZE LEN (read(LEN, buffer)), send TEXT, write TEXT,
sendall TEXT, send_until_blocked SIZE MAX (sends SIZE bytes up to MAX times: the failure, or
"never blocked"), unwrap, version, pending, cipher, shared_ciphers, getpeercert, getpeercert_der
(its SHA-256), verified_chain / unverified_chain (3.11's _sslobj methods, SHA-256 of each DER,
None as 3.13 gives it: []), channel_binding TYPE (its length), connect_ex PORT,
context_is_own / context_is_other / set_other_context (another create_default_context),
settimeout S|null, gettimeout, setblocking B, shutdown HOW, close. Prints a JSON list (one per
case) of outcome lists: {"ok": value} or {"exc": TypeName, "str": str(e)} with CPython's locations
removed (" (_ssl.c:NNN)" and the "_ssl.c:NNN: " prefix of timeouts) and a socket's repr after "No
SSL wrapper around" replaced by "<socket>", plus "elapsed" (seconds, rounded to 0.1) for each step.
"""
import hashlib
import json
import re
import socket
import ssl
import sys
import time


def clean(text):
    text = re.sub(r"^_ssl\.c:\d+: ", "", re.sub(r" \(_ssl\.c:\d+\)", "", text))
    return re.sub(r"No SSL wrapper around .*", "No SSL wrapper around <socket>", text)


def sha256(der):
    return hashlib.sha256(der).hexdigest()


def value(v):
    if isinstance(v, (bytes, bytearray)):
        return {"bytes": v.decode("latin-1")}
    if isinstance(v, socket.socket):
        return "socket"
    if isinstance(v, (list, tuple)):
        return [value(x) for x in v]
    return v


def chain(sock, which):
    certs = getattr(sock._sslobj, "get_" + which)()
    return [sha256(c.public_bytes(ssl._ssl.ENCODING_DER)) for c in certs or [] if c is not None]


def send_until_blocked(sock, size, most):
    data = b"x" * size
    for _ in range(most):
        sock.send(data)
    return "never blocked"


def run(case):
    ctx = ssl.create_default_context(cafile=case["cafile"])
    other = ssl.create_default_context(cafile=case["cafile"])
    if case.get("unconnected"):
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    else:
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
                elif op == "handshake_block":
                    r = sock.do_handshake(args[0])
                elif op == "recv_flags":
                    r = sock.recv(args[0], args[1])
                elif op == "recv_into":
                    buf = bytearray(args[0])
                    n = sock.recv_into(buf) if args[1] is None else sock.recv_into(buf, args[1])
                    r = [n, bytes(buf[:n])]
                elif op == "read_into":
                    buf = bytearray(args[0])
                    n = sock.read(args[1], buf)
                    r = [n, bytes(buf[:n])]
                elif op == "write":
                    r = sock.write(args[0].encode("latin-1"))
                elif op == "send_until_blocked":
                    r = send_until_blocked(sock, args[0], args[1])
                elif op == "getpeercert_der":
                    der = sock.getpeercert(True)
                    r = None if der is None else sha256(der)
                elif op in ("verified_chain", "unverified_chain"):
                    r = chain(sock, op)
                elif op == "channel_binding":
                    cb = sock.get_channel_binding(args[0])
                    r = None if cb is None else len(cb)
                elif op == "connect_ex":
                    r = sock.connect_ex(("127.0.0.1", args[0]))
                elif op == "context_is_own":
                    r = sock.context is ctx
                elif op == "context_is_other":
                    r = sock.context is other
                elif op == "set_other_context":
                    sock.context = other
                    r = None
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
