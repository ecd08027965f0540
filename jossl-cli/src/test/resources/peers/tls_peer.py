"""Python's ssl module as a TLS peer of the jossl command (run with upstream CPython).

server --chain F --key F [--count N] [--alpn a,b] [--cafile F --verify optional|required]
    Listens on 127.0.0.1 (a free port), prints "PORT <n>", serves COUNT connections (default
    100), each on its own thread, with ssl.create_default_context(Purpose.CLIENT_AUTH). For each
    connection it prints one JSON line when the handshake has ended, as jossl s_server -json
    does: {"peer": "ADDRESS:PORT", "version", "cipher", "alpn", "peercert", "session_reused",
    "tls_unique"} or {"peer", "error": {...}}. What a client sends comes back upper-cased; at the
    client's close_notify it answers with its own (unwrap). Exits when COUNT connections have
    ended (60 s at most).

clients SPECS
    SPECS is a JSON list; each spec is one client, all run at once on threads. Prints one JSON
    line: a list of results in the order of the specs. A spec:
      {"port": n, "raw": "text"}  a plain TCP client that sends text and closes (a bad client)
      {"port": n, "cafile": f, "server_hostname": h, "alpn": [..], "certfile": f, "keyfile": f,
       "crlfile": f, "crl": "leaf"|"chain", "tls": "1.2"|"1.3", "ciphers": s, "noverify": bool,
       "send": "text", "read": bool, "echo": bool, "get_server_certificate": bool,
       "delay": seconds}
    "read" reads until the server closes; "echo" reads as many bytes as were sent, then unwraps.
    A TLS client is ssl.create_default_context(cafile=...) with wrap_socket(server_hostname=...,
    suppress_ragged_eofs=False). Its result: {"local_port", "conn": {"version", "cipher", "alpn",
    "peercert", "session_reused", "tls_unique"}, "received", "end"} where "end" says how the
    server closed ("close_notify", "unwrap" or the exception's type), or {"local_port", "error": {"type",
    "library", "reason", "verify_code", "verify_message", "message"}} with CPython's
    " (_ssl.c:NNN)" location removed from the message.
"""
import json
import re
import socket
import ssl
import sys
import threading
import time


def error_object(e):
    return {
        "type": type(e).__name__,
        "library": getattr(e, "library", None),
        "reason": getattr(e, "reason", None),
        "verify_code": getattr(e, "verify_code", None),
        "verify_message": getattr(e, "verify_message", None),
        "message": re.sub(r" \(_ssl\.c:\d+\)$", "", str(e)),
    }


def describe(s):
    unique = s.get_channel_binding("tls-unique")
    return {
        "version": s.version(),
        "cipher": list(s.cipher()),
        "alpn": s.selected_alpn_protocol(),
        "peercert": s.getpeercert(),
        "session_reused": s.session_reused,
        "tls_unique": None if unique is None else unique.hex(),
    }


print_lock = threading.Lock()


def serve_one(ctx, conn, peer):
    conn.settimeout(30)
    try:
        s = ctx.wrap_socket(conn, server_side=True)
    except Exception as e:
        conn.close()
        with print_lock:
            print(json.dumps({"peer": peer, "error": error_object(e)}), flush=True)
        return
    with print_lock:
        print(json.dumps({"peer": peer, **describe(s)}), flush=True)
    try:
        while True:
            data = s.recv(65536)
            if not data:
                break
            s.sendall(data.upper())
        s.unwrap()
    except Exception:
        pass
    s.close()


def server(argv):
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--chain", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--alpn")
    p.add_argument("--cafile")
    p.add_argument("--verify", choices=["optional", "required"])
    a = p.parse_args(argv)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=a.cafile)
    ctx.load_cert_chain(a.chain, a.key)
    if a.alpn:
        ctx.set_alpn_protocols(a.alpn.split(","))
    if a.verify:
        ctx.verify_mode = ssl.CERT_OPTIONAL if a.verify == "optional" else ssl.CERT_REQUIRED
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(60)
    print("PORT", listener.getsockname()[1], flush=True)
    threads = []
    deadline = time.monotonic() + 60
    for _ in range(a.count):
        try:
            conn, addr = listener.accept()
        except OSError:
            break
        t = threading.Thread(target=serve_one, args=(ctx, conn, f"{addr[0]}:{addr[1]}"), daemon=True)
        t.start()
        threads.append(t)
    for t in threads:
        t.join(max(0, deadline - time.monotonic()))


def client(spec):
    time.sleep(spec.get("delay", 0))
    host = spec.get("host", "127.0.0.1")
    port = spec["port"]
    if "raw" in spec:
        with socket.create_connection((host, port), timeout=10) as s:
            s.sendall(spec["raw"].encode())
        return {"raw": "sent"}
    if spec.get("get_server_certificate"):
        return {"pem": ssl.get_server_certificate((host, port), timeout=10)}
    ctx = ssl.create_default_context(cafile=spec.get("cafile"))
    if spec.get("noverify"):
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if "crlfile" in spec:
        ctx.load_verify_locations(spec["crlfile"])
    if spec.get("crl") == "leaf":
        ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    if spec.get("crl") == "chain":
        ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_CHAIN
    if "certfile" in spec:
        ctx.load_cert_chain(spec["certfile"], spec.get("keyfile"))
    if "alpn" in spec:
        ctx.set_alpn_protocols(spec["alpn"])
    if spec.get("tls") == "1.2":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    if spec.get("tls") == "1.3":
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    if "ciphers" in spec:
        ctx.set_ciphers(spec["ciphers"])
    sock = socket.create_connection((host, port), timeout=10)
    result = {"local_port": sock.getsockname()[1]}
    try:
        s = ctx.wrap_socket(
            sock, server_hostname=spec.get("server_hostname", host), suppress_ragged_eofs=False)
    except Exception as e:
        sock.close()
        result["error"] = error_object(e)
        return result
    with s:
        result["conn"] = describe(s)
        result["peercert_repr"] = {k: repr(v) for k, v in (s.getpeercert() or {}).items()}
        if not (spec.get("echo") or spec.get("read")):
            if "send" in spec:
                s.sendall(spec["send"].encode())
            return result
        received = b""
        try:
            if "send" in spec:
                s.sendall(spec["send"].encode())
            if spec.get("echo"):
                # the echo of what was sent, then close both ways (close_notify each)
                expected = len(spec["send"].encode())
                while len(received) < expected:
                    data = s.recv(65536)
                    if not data:
                        break
                    received += data
                s.unwrap()
                result["end"] = "unwrap"
            else:
                while True:
                    data = s.recv(65536)
                    if not data:
                        break
                    received += data
                result["end"] = "close_notify"
        except Exception as e:
            # how the connection ended: the server's alert (SSLError), or a reset that lost it
            result["end"] = type(e).__name__
        result["received"] = received.decode("utf-8", "replace")
    return result


def clients(specs):
    specs = json.loads(specs)
    results = [None] * len(specs)

    def run(i):
        try:
            results[i] = client(specs[i])
        except Exception as e:
            results[i] = {"error": error_object(e)}

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(specs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    print(json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2:])
    elif sys.argv[1] == "clients":
        clients(sys.argv[2])
    else:
        sys.exit("usage: tls_peer.py server --chain F --key F [...] | clients SPECS")
