"""A TLS-PSK client in Python's ssl (3.13 or newer: set_psk_client_callback), for SslPskTest.

Usage: ssl_psk_client.py JOBS_JSON, a list of jobs {"port": N, "version": "TLSv1_2"|"TLSv1_3",
"identity": STR|null, "key": HEX}. For each job: connects to 127.0.0.1:port with a context set up
as Python's documentation shows (no certificate checks; TLS 1.2 with set_ciphers("PSK")), and
reports {"hints": [...], "version", "cipher"} or {"hints": [...], "error": {"type", "library",
"reason"}}. Then the SSLError of each context refusing the other side's callback, as
{"type", "errno", "str"} with CPython's " (_ssl.c:NNN)" removed. Prints one JSON document.
"""
import json
import re
import socket
import ssl
import sys


def error(e):
    return {"type": type(e).__name__, "library": getattr(e, "library", None),
            "reason": getattr(e, "reason", None)}


def run(job):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    version = getattr(ssl.TLSVersion, job["version"])
    ctx.minimum_version = version
    ctx.maximum_version = version
    if job["version"] == "TLSv1_2":
        ctx.set_ciphers("PSK")
    hints = []
    key = bytes.fromhex(job["key"])

    def callback(hint):
        hints.append(hint)
        return job["identity"], key

    ctx.set_psk_client_callback(callback)
    out = {"hints": hints}
    with socket.create_connection(("127.0.0.1", job["port"]), timeout=15) as sock:
        try:
            with ctx.wrap_socket(sock) as s:
                out["version"] = s.version()
                out["cipher"] = s.cipher()[0]
                s.sendall(b"ping from python\n")
        except Exception as e:  # the outcome is the report
            out["error"] = error(e)
    return out


def refusal(protocol, call):
    try:
        call(ssl.SSLContext(protocol))
        return None
    except Exception as e:
        return {"type": type(e).__name__, "errno": getattr(e, "errno", None),
                "str": re.sub(r" \(_ssl\.c:\d+\)$", "", str(e))}


print(json.dumps({
    "jobs": [run(job) for job in json.loads(sys.argv[1])],
    "server_refuses_client_callback": refusal(
        ssl.PROTOCOL_TLS_SERVER, lambda c: c.set_psk_client_callback(lambda hint: (None, b"k"))),
    "client_refuses_server_callback": refusal(
        ssl.PROTOCOL_TLS_CLIENT, lambda c: c.set_psk_server_callback(lambda i: b"k", "hint")),
}))
