"""A TLS peer on Python's ssl module, driven by JSON lines on stdin, one JSON answer line each.

Run with upstream CPython (the oracle). Requests (all bytes as {"$bytes": HEX}):

  {"op": "context", "config": {...}}     -> {"result": ID}   an SSLContext (see make_context)
  {"op": "serve", "context": ID, "count": N, "mode": M, "app": A}
                                         -> {"result": PORT} a server on 127.0.0.1 that handles N
      connections in background threads, then stops listening. Modes: "tls" (handshake, then the
      app), "silent" (accept, never answer), "close_after_hello" / "reset_after_hello" (read the
      ClientHello, then close with FIN / RST), "garbage" (read the ClientHello, answer with HTTP text).
  {"op": "results", "port": PORT, "count": N, "timeout": S}
                                         -> {"result": [RESULT, ...]} the first N connection results
  {"op": "connect", "context": ID, "port": PORT, "server_hostname": H, "timeout": S,
   "session": NAME, "save_session": NAME, "app": A}
                                         -> {"result": RESULT} one client connection
  {"op": "raw_connect", "port": PORT, "send": BYTES, "delay": S, "then": "close" | "reset" | "read"}
                                         -> {"result": {"received": BYTES}} a plain TCP client

A RESULT is {"stage": where it stopped ("done", "handshake", "app", "close"), "info": what the
connection reported after the handshake (see describe), "error": the exception (see error_info),
"app": what the application exchange saw}.

The application exchange ("app": {"upload": U, "download": D, "closer": "client" | "server"}):
the client sends a header (U, D, server-closes flag as >QQB) and U random bytes; the server answers
with sha256(upload), D random bytes and their sha256. Then the closer calls unwrap() (close_notify
both ways) and the other side reads until Python's read() gives b'' (a clean close), then unwraps.
With "plain_tail": BYTES the server then sends BYTES in the clear on the unwrapped socket, and the
client reads them to the end of the stream.
"app": null skips the exchange; "app": {"read": true} just reads once (errors raised late, as the
TLS 1.3 client certificate alert). A server's "app": {"sleep_then_close": S} waits S seconds, then
unwraps; {"abort": true} closes without close_notify; a client's "app": {"probe": [T1, T2, ...]} reads with each timeout in turn (recording data,
b'' or the timeout), and unwraps after b''. {"unwrap_probe": [T1, T2]} unwraps with timeout T1, then
reads once with T2. A client's "app" may set "suppress_ragged_eofs", and
"connect_after_wrap" (wrap an unconnected socket, then connect() it), and "sendfile": {"offset": O,
"count": C or null} to send the upload with sendfile() from a file holding O other bytes first
(and, with a count, more after it); "sent" is what sendfile() returned.

Features beyond the exchange (issue 5):
  config "sni": {"action": "none" | "alert" | "raise" | "switch", "alert": NAME (ALERT_DESCRIPTION_NAME),
      "message": TEXT (of the ValueError raised), "to": CONTEXT_ID (switched to), "legacy": true
      (set_servername_callback instead of sni_callback)}: the server's SNI callback, recording each
      call (see sni_record); a server result then has "context_switched" (s.context is not ctx).
  config "post_handshake_auth", "keylog_filename", "num_tickets": the context's attributes.
  {"op": "sni_seen", "context": ID} -> the callback's calls since the last ask
  {"op": "unraisable"}              -> the exceptions reported to sys.unraisablehook since the last ask
  {"op": "session_stats", "context": ID} -> ctx.session_stats()
  connect's "session_setter": true wraps an unconnected socket, assigns s.session, then connects.
  "app": {"pha": true} (both ends): post-handshake authentication, see server_pha / client_pha.
  "app": {"session_probe": true} (both ends): the session's attributes, see *_session_probe.
"""
import hashlib
import json
import os
import re
import socket
import ssl
import struct
import sys
import tempfile
import threading
import time
import traceback

from peer_json import dec as decode, enc as encode, ssl_error_fields

contexts = {}
sessions = {}
servers = {}
lock = threading.Condition()
sni_seen = {}
unraisable = []


def record_unraisable(u):
    """sys.unraisablehook: what the SNI callback raised (Python reports it here, not from the
    handshake)."""
    with lock:
        unraisable.append({"type": type(u.exc_value).__name__, "message": str(u.exc_value)})


sys.unraisablehook = record_unraisable


def strip_location(text):
    """CPython's message without its C source location: '(_ssl.c:NNN)' or '_ssl.c:NNN: '."""
    text = re.sub(r" \(_ssl\.c:\d+\)$", "", text)
    return re.sub(r"^_ssl\.c:\d+: ", "", text)


def error_info(e):
    info = {"type": type(e).__name__, "message": strip_location(str(e))}
    if isinstance(e, ssl.SSLError):
        ssl_error_fields(e, info)
    elif isinstance(e, OSError):
        info["errno"] = e.errno
    return info


def make_context(c, ctx_id=None):
    """An SSLContext from a config: side, cert/key, cafile, verify_mode, check_hostname,
    minimum/maximum_version, ciphers, alpn, verify_flags, default (create_default_context),
    post_handshake_auth, num_tickets, keylog_filename, sni (see the module's docstring)."""
    server = c.get("side") == "server"
    if c.get("default"):
        purpose = ssl.Purpose.CLIENT_AUTH if server else ssl.Purpose.SERVER_AUTH
        ctx = ssl.create_default_context(purpose, cafile=c.get("cafile"))
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server else ssl.PROTOCOL_TLS_CLIENT)
        if c.get("cafile"):
            ctx.load_verify_locations(cafile=c["cafile"])
    if "check_hostname" in c:
        ctx.check_hostname = c["check_hostname"]
    if "verify_mode" in c:
        ctx.verify_mode = ssl.VerifyMode[c["verify_mode"]]
    for flag in c.get("verify_flags", []):
        ctx.verify_flags |= ssl.VerifyFlags[flag]
    if c.get("cert"):
        ctx.load_cert_chain(c["cert"], c.get("key"))
    if c.get("minimum_version"):
        ctx.minimum_version = ssl.TLSVersion[c["minimum_version"]]
    if c.get("maximum_version"):
        ctx.maximum_version = ssl.TLSVersion[c["maximum_version"]]
    if c.get("ciphers"):
        ctx.set_ciphers(c["ciphers"])
    if c.get("alpn"):
        ctx.set_alpn_protocols(c["alpn"])
    if "post_handshake_auth" in c:
        ctx.post_handshake_auth = c["post_handshake_auth"]
    if "num_tickets" in c:
        ctx.num_tickets = c["num_tickets"]
    if c.get("keylog_filename"):
        ctx.keylog_filename = c["keylog_filename"]
    if c.get("sni"):
        install_sni(ctx, ctx_id, c["sni"])
    return ctx


def sni_record(sock, name, context, ctx):
    """What the SNI callback was given: the connection object's type, the name, whether the
    context argument and the connection's context are the one the callback was set on."""
    return {
        "type": type(sock).__name__,
        "server_name": name,
        "context_arg": "self" if context is ctx else "other",
        "socket_context": "self" if sock.context is ctx else "other",
        "server_side": sock.server_side,
        "server_hostname": sock.server_hostname,
    }


def install_sni(ctx, ctx_id, spec):
    seen = sni_seen.setdefault(ctx_id, [])

    def callback(sock, name, context):
        with lock:
            seen.append(sni_record(sock, name, context, ctx))
        action = spec.get("action", "none")
        if action == "alert":
            return getattr(ssl, "ALERT_DESCRIPTION_" + spec["alert"])
        if action == "raise":
            raise ValueError(spec.get("message", "refused by the SNI callback"))
        if action == "switch":
            sock.context = contexts[spec["to"]]
        return None

    if spec.get("legacy"):
        ctx.set_servername_callback(callback)
    else:
        ctx.sni_callback = callback
    ctx._lab_sni = True


def describe(s):
    """What a connection reports after its handshake, as the Java test rebuilds it."""
    cert = s.getpeercert()
    session = s.session

    def chain(which):
        # 3.11's _sslobj methods; None as 3.13's public get_verified_chain() gives it: [].
        # A server whose client sent no certificate gets [None] from get_unverified_chain() (the
        # absent peer put first; 3.13's public method then fails on it): jossl answers []
        certs = getattr(s._sslobj, "get_" + which)()
        return [c.public_bytes(ssl._ssl.ENCODING_DER) for c in certs or [] if c is not None]

    return {
        "version": s.version(),
        "cipher": list(s.cipher()) if s.cipher() else None,
        "peercert": None if cert is None else json.dumps(cert),
        "peercert_der": s.getpeercert(True),
        "shared_ciphers": None
        if s.shared_ciphers() is None
        else [list(c) for c in s.shared_ciphers()],
        "alpn": s.selected_alpn_protocol(),
        "compression": s.compression(),
        "channel_binding": s.get_channel_binding("tls-unique"),
        "session_reused": s.session_reused,
        "session_id": None if session is None else session.id,
        "server_hostname": s.server_hostname,
        "verified_chain": chain("verified_chain"),
        "unverified_chain": chain("unverified_chain"),
    }


def recv_exact(s, n):
    out = bytearray()
    while len(out) < n:
        chunk = s.recv(min(n - len(out), 256 * 1024))
        if not chunk:
            raise EOFError(f"connection closed after {len(out)} of {n} bytes")
        out += chunk
    return bytes(out)


def read_to_clean_close(s):
    """Reads until Python's read() gives b'' (the peer's close_notify); returns the bytes before."""
    extra = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return extra
        extra += chunk


def peercert_json(s):
    cert = s.getpeercert()
    return None if cert is None else json.dumps(cert)


def attempt(fn):
    """{"ok": value} or {"error": error_info}: one step whose failure is part of the outcome."""
    try:
        return {"ok": fn()}
    except Exception as e:
        return {"error": error_info(e)}


def server_pha(s, result):
    """Post-handshake authentication, server side: the peer certificate before, the request, a
    message that carries it, the client's answer (its certificate comes with it), the peer
    certificate after."""
    seen = {"before": peercert_json(s)}
    result["app"] = seen
    seen["verify"] = attempt(s.verify_client_post_handshake)
    s.sendall(b"PHA?")
    seen["read"] = attempt(lambda: s.recv(1024))
    if "error" in seen["read"]:
        # let the client read our alert before our close resets the connection (its answer is
        # unread here)
        time.sleep(0.5)
    seen["after"] = attempt(lambda: peercert_json(s))
    s.sendall(b"done")
    s.unwrap().close()
    seen["unwrapped"] = True


def client_pha(s, result):
    """Post-handshake authentication, client side: verify_client_post_handshake on a client, then
    the server's request message (the certificate is sent while reading it), an answer, the end."""
    seen = {"verify": attempt(s.verify_client_post_handshake)}
    result["app"] = seen
    seen["read"] = s.recv(1024)
    s.sendall(b"cert sent")
    seen["read2"] = s.recv(1024)
    s.unwrap().close()
    seen["unwrapped"] = True


def session_attrs(session, started):
    """An SSLSession's attributes; time as whether it lies between started (seconds since the
    epoch) and now."""
    if session is None:
        return None
    return {
        "id_length": len(session.id),
        "time_in_range": started - 1 <= session.time <= time.time() + 1,
        "timeout": session.timeout,
        "ticket_lifetime_hint": session.ticket_lifetime_hint,
        "has_ticket": session.has_ticket,
    }


def client_session_probe(s, app, result, started):
    """The session right after the handshake and after a round trip (TLS 1.3 tickets), equality,
    and assigning a session to the connected socket."""
    a, b = s.session, s.session
    seen = {
        "early": session_attrs(a, started),
        "distinct_objects_equal": a is not b and a == b,
        "equals_other_type": a == "session",
        "reused": s.session_reused,
    }
    result["app"] = seen
    s.sendall(b"ping")
    seen["reply"] = s.recv(16)
    late = s.session
    seen["late"] = session_attrs(late, started)
    seen["early_equals_late"] = a == late
    seen["set_after_handshake"] = attempt(lambda: setattr(s, "session", late))
    if app.get("foreign_session"):
        foreign = sessions[app["foreign_session"]]
        seen["set_foreign"] = attempt(lambda: setattr(s, "session", foreign))
    if save := result.pop("_save", None):
        sessions[save] = late
    s.unwrap().close()
    seen["unwrapped"] = True


def server_session_probe(s, result, started):
    """A server's own session and assigning it back (Python refuses on a server)."""
    session = s.session
    seen = {"session": session_attrs(session, started), "reused": s.session_reused}
    result["app"] = seen
    seen["read"] = s.recv(16)
    s.sendall(b"pong")
    seen["set_on_server"] = attempt(lambda: setattr(s, "session", session))
    seen["after_close"] = read_to_clean_close(s)
    s.unwrap().close()
    seen["unwrapped"] = True


def client_app(s, app, result):
    if app.get("pha"):
        client_pha(s, result)
        return
    if app.get("read"):
        result["app"] = {"read": s.recv(1024)}
        return
    if "unwrap_probe" in app:
        # unwrap() with the first timeout, then one read with the second
        seen = []
        result["app"] = {"steps": seen}
        s.settimeout(app["unwrap_probe"][0])
        try:
            s.unwrap()
            seen.append({"unwrapped": True})
        except Exception as e:
            seen.append({"error": error_info(e)})
        s.settimeout(app["unwrap_probe"][1])
        try:
            seen.append({"data": s.recv(1024)})
        except Exception as e:
            seen.append({"error": error_info(e)})
        return
    if "probe" in app:
        # reads with each timeout in turn: what each read gave, then unwrap after b''
        seen = []
        result["app"] = {"reads": seen}
        for timeout in app["probe"]:
            s.settimeout(timeout)
            try:
                data = s.recv(1024)
                seen.append({"data": data})
                if not data:
                    s.unwrap().close()
                    seen.append({"unwrapped": True})
                    return
            except TimeoutError as e:
                seen.append({"error": error_info(e)})
        return
    up, down, closer = app.get("upload", 0), app.get("download", 0), app.get("closer", "client")
    data = os.urandom(up)
    s.sendall(struct.pack(">QQB", up, down, closer == "server"))
    sent = None
    if "sendfile" in app:
        offset, count = app["sendfile"]["offset"], app["sendfile"]["count"]
        with tempfile.TemporaryFile() as f:
            f.write(os.urandom(offset) + data + (os.urandom(100) if count is not None else b""))
            f.flush()
            sent = s.sendfile(f, offset, count)
    else:
        s.sendall(data)
    digest = recv_exact(s, 32)
    got = recv_exact(s, down)
    their = recv_exact(s, 32)
    seen = {
        "upload_ok": digest == hashlib.sha256(data).digest(),
        "download_ok": their == hashlib.sha256(got).digest(),
        "download_len": len(got),
    }
    if sent is not None:
        seen["sent"] = sent
    result["app"] = seen
    if save := result.pop("_save", None):
        sessions[save] = s.session
    result["stage"] = "close"
    if closer == "server":
        seen["after_close"] = read_to_clean_close(s)
    plain = s.unwrap()
    seen["unwrapped"] = True
    if app.get("plain_tail"):
        seen["plain"] = read_plain(plain)
    plain.close()


def read_plain(plain):
    """What the peer sends in the clear after TLS, to its end of stream."""
    out = b""
    while chunk := plain.recv(65536):
        out += chunk
    return out


def server_app(s, app, result):
    if app.get("pha"):
        server_pha(s, result)
        return
    if app.get("read"):
        result["app"] = {"read": s.recv(1024)}
        return
    if app.get("abort"):
        return  # closed without close_notify
    if "sleep_then_close" in app:
        time.sleep(app["sleep_then_close"])
        s.unwrap().close()
        result["app"] = {"unwrapped": True}
        return
    up, down, server_closes = struct.unpack(">QQB", recv_exact(s, 17))
    data = recv_exact(s, up)
    s.sendall(hashlib.sha256(data).digest())
    payload = os.urandom(down)
    s.sendall(payload)
    s.sendall(hashlib.sha256(payload).digest())
    seen = {"upload_len": len(data)}
    result["app"] = seen
    result["stage"] = "close"
    if not server_closes:
        seen["after_close"] = read_to_clean_close(s)
    plain = s.unwrap()
    seen["unwrapped"] = True
    if app.get("plain_tail"):
        plain.sendall(app["plain_tail"])
    plain.close()


def run_tls(
    sock, ctx, server_side, hostname, session, app, result, timeout, address=None, setter=False
):
    """A TLS connection over sock; with an address, sock is not connected yet and the wrapped
    socket's connect() connects and handshakes. With setter, the session is assigned to the
    wrapped socket before connect() instead of being passed to wrap_socket."""
    sock.settimeout(timeout)
    s = None
    started = time.time()
    try:
        result["stage"] = "handshake"
        s = ctx.wrap_socket(
            sock,
            server_side=server_side,
            server_hostname=hostname,
            session=None if setter else session,
            suppress_ragged_eofs=(app or {}).get("suppress_ragged_eofs", True),
        )
        if setter:
            s.session = session
        if address is not None:
            s.connect(address)
        if server_side and getattr(ctx, "_lab_sni", False):
            result["context_switched"] = s.context is not ctx
        result["info"] = describe(s)
        result["stage"] = "app"
        if app is not None and app.get("session_probe"):
            # a resumed session is as old as the first: the sequence's start, if given
            started = app.get("not_before", started)
            if server_side:
                server_session_probe(s, result, started)
            else:
                client_session_probe(s, app, result, started)
        elif app is not None:
            (server_app if server_side else client_app)(s, app, result)
        else:
            if save := result.pop("_save", None):
                sessions[save] = s.session
        result["stage"] = "done"
    except Exception as e:  # the outcome is the data
        result["error"] = error_info(e)
    finally:
        result.pop("_save", None)
        (s or sock).close()


def handle_raw(conn, mode, result):
    conn.settimeout(10)
    try:
        if mode == "silent":
            result["received"] = conn.recv(65536)
            # wait until the client gives up (timeout) and closes
            while conn.recv(65536):
                pass
        else:
            result["received"] = conn.recv(65536)
            if mode == "reset_after_hello":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            elif mode == "garbage":
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                while conn.recv(65536):
                    pass
    except Exception as e:
        result["error"] = error_info(e)
    finally:
        conn.close()


def serve(req):
    ctx = contexts.get(req.get("context"))
    count = req["count"]
    mode = req.get("mode", "tls")
    app = req.get("app")
    timeout = req.get("timeout", 20)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(count)
    listener.settimeout(60)
    port = listener.getsockname()[1]
    results = []
    with lock:
        servers[port] = results

    def one(conn):
        result = {}
        if mode == "tls":
            run_tls(conn, ctx, True, None, None, app, result, timeout)
        else:
            handle_raw(conn, mode, result)
        with lock:
            results.append(result)
            lock.notify_all()

    def accept_loop():
        try:
            for _ in range(count):
                conn, _ = listener.accept()
                threading.Thread(target=one, args=(conn,), daemon=True).start()
        except Exception as e:
            with lock:
                results.append({"error": error_info(e), "stage": "accept"})
                lock.notify_all()
        finally:
            listener.close()

    threading.Thread(target=accept_loop, daemon=True).start()
    return port


def results(req):
    port, count = req["port"], req["count"]
    with lock:
        got = servers[port]
        if not lock.wait_for(lambda: len(got) >= count, timeout=req.get("timeout", 30)):
            raise RuntimeError(f"server {port}: {len(got)} of {count} results: {got}")
        return list(got[:count])


def connect(req):
    ctx = contexts[req["context"]]
    address = None
    if (req.get("app") or {}).get("connect_after_wrap") or req.get("session_setter"):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        address = ("127.0.0.1", req["port"])
    else:
        sock = socket.create_connection(("127.0.0.1", req["port"]), timeout=10)
    result = {}
    if req.get("save_session"):
        result["_save"] = req["save_session"]
    session = sessions.get(req["session"]) if req.get("session") else None
    run_tls(
        sock,
        ctx,
        False,
        req.get("server_hostname"),
        session,
        req.get("app"),
        result,
        req.get("timeout", 20),
        address,
        bool(req.get("session_setter")),
    )
    return result


def raw_connect(req):
    sock = socket.create_connection(("127.0.0.1", req["port"]), timeout=10)
    received = b""
    try:
        sock.sendall(req.get("send", b""))
        time.sleep(req.get("delay", 0))
        then = req.get("then", "close")
        if then == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif then == "read":
            while chunk := sock.recv(65536):
                received += chunk
    except OSError as e:
        return {"received": received, "error": error_info(e)}
    finally:
        sock.close()
    return {"received": received}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        req = decode(json.loads(line))
        try:
            op = req["op"]
            if op == "context":
                ctx_id = len(contexts) + 1
                contexts[ctx_id] = make_context(req["config"], ctx_id)
                answer = {"result": ctx_id}
            elif op == "sni_seen":
                with lock:
                    seen = sni_seen.get(req["context"], [])
                    answer = {"result": list(seen)}
                    seen.clear()
            elif op == "unraisable":
                with lock:
                    answer = {"result": list(unraisable)}
                    unraisable.clear()
            elif op == "session_stats":
                answer = {"result": contexts[req["context"]].session_stats()}
            elif op == "serve":
                answer = {"result": serve(req)}
            elif op == "results":
                answer = {"result": results(req)}
            elif op == "connect":
                answer = {"result": connect(req)}
            elif op == "raw_connect":
                answer = {"result": raw_connect(req)}
            elif op == "versions":
                answer = {"result": {"openssl": ssl.OPENSSL_VERSION, "python": sys.version}}
            else:
                answer = {"fatal": f"unknown op {op}"}
        except Exception:
            answer = {"fatal": traceback.format_exc()}
        sys.stdout.write(json.dumps(encode(answer)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
