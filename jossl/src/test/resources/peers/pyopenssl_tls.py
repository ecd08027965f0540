"""pyOpenSSL's OpenSSL.SSL as a peer and oracle for jossl's org.jossl.openssl tests.

One process serves a whole test class: it reads one JSON request per line on stdin and answers
one JSON line. A request is {"op": NAME, ...}; the answer is {"result": VALUE}, or
{"fatal": TRACEBACK} when the request itself is broken (unknown op, bug in this script).

The process keeps named objects (contexts, connections, sessions, ...) so that the Java side can
drive them call by call, exactly as it drives jossl's objects:

  pki         {name, cert: PEM, key: PEM}         certificate material, used as {"$cert": name},
                                                  {"$key": name}, {"$subject": name} arguments
  context     {name, method: "TLS_METHOD"}        SSL.Context(SSL.TLS_METHOD)
  connection  {name, context}                     SSL.Connection(context, None) (memory BIOs)
  call        {target, method, args}              getattr(target, method)(*args)
  callback    {target, kind, ...}                 installs a recording callback (see install())
  events      {}                                  the callbacks' records since the last call
  serve       {name, context, mode}               a server for one TLS connection on 127.0.0.1
                                                  (mode "echo", "sink" or "abort": drop TCP
                                                  without close_notify), run in a thread; answers
                                                  the port
  connect     {name, context, port, sni, payload} a client that sends payload, reads as much
  join        {name}                              what the thread saw
  module      {rand_add: [[BYTES, ENTROPY], ...]} module-level names: X509VerificationCodes (None
                                                  before pyOpenSSL 23.2) and, as a second source,
                                                  the X509_V_* values of the bindings pyOpenSSL
                                                  uses; OpenSSL_version(t) for every t;
                                                  OpenSSL.rand.status() and add()
  connect_ex  {context, port}                     Connection(ctx, socket()).connect_ex(...): the
                                                  errno and the state string
  openssl_version {names}                         OpenSSL_version/SSLeay_version of each constant
  makefile    {context}                           what Connection.makefile() raises

A call answers {"ok": VALUE} or {"raised": {"type", "str", "errors"?}}: pyOpenSSL's failures are
data here. Bytes travel as {"$bytes": HEX}; X509 as {"$x509": CN, "sha256": HEX}; X509Name as
{"$name": DER}; any other object is kept under a fresh name and answered as {"$ref", "type"}.

Only API present in both pyOpenSSL 23 (Debian 12) and 25/26 (Debian 13) is used directly; newer
or missing methods are looked up with hasattr, and a few observations pyOpenSSL does not offer
(session_reused, get_mode, get_options, get_verify_result, the min/max versions, Session getters)
or offers only in newer versions (Connection.set_options/get_options 26.2,
get_selected_srtp_profile 24.0) are read through the cryptography bindings pyOpenSSL itself uses,
when they are there (VIRTUAL). set_tmp_ecdh takes a curve name here (made into pyOpenSSL's curve
object), recv_into a buffer size (answered as [count, bytes]).
"""
import hashlib
import itertools
import json
import socket
import sys
import threading
import traceback
import warnings

warnings.simplefilter("ignore")  # deprecation warnings of the legacy APIs

import OpenSSL  # noqa: E402
from OpenSSL import SSL, crypto  # noqa: E402

import peer_json  # noqa: E402

try:
    from OpenSSL._util import ffi as _ffi, lib as _lib  # noqa: E402
except ImportError:  # pragma: no cover - layout of a future pyOpenSSL
    _ffi = _lib = None

OBJECTS = {}
EVENTS = []
PKI = {}
THREADS = {}
KEEP = []  # cffi callbacks installed through the bindings, kept alive
_fresh = itertools.count()


class CallbackBoom(Exception):
    """What a callback in "raise" mode throws; jossl's tests throw a Java class of this name."""


# ---- encoding


def cn_of(name):
    return name.CN if name is not None else None


def enc(value):
    return peer_json.enc(value, enc_object)


def enc_object(value):
    """A value that is not bytes, a list or a dict: as it is, or as a reference to an object."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, crypto.X509):
        der = crypto.dump_certificate(crypto.FILETYPE_ASN1, value)
        return {"$x509": cn_of(value.get_subject()), "sha256": hashlib.sha256(der).hexdigest()}
    if isinstance(value, crypto.X509Name):
        return {"$name": {"$bytes": value.der().hex()}}
    name = name_of(value)
    if name is None:
        name = "auto-%d" % next(_fresh)
        OBJECTS[name] = value
    return {"$ref": name, "type": type(value).__name__}


def dec(value):
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return bytes.fromhex(value["$bytes"])
        if set(value) == {"$ref"}:
            return OBJECTS[value["$ref"]]
        if set(value) & {"$cert", "$jcert"} and len(value) == 1:
            # $jcert: jossl passes a java.security certificate; pyOpenSSL its X509
            return PKI[list(value.values())[0]]["cert"]
        if set(value) & {"$key", "$jkey"} and len(value) == 1:
            return PKI[list(value.values())[0]]["key"]
        if set(value) == {"$subject"}:
            return PKI[value["$subject"]]["cert"].get_subject()
        return {k: dec(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dec(v) for v in value]
    return value


def raised(e):
    out = {"type": type(e).__name__, "str": str(e)}
    if isinstance(e, SSL.Error) and e.args and isinstance(e.args[0], list):
        out["errors"] = [list(t) for t in e.args[0]]
    return out


def attempt(fn):
    try:
        return {"ok": enc(fn())}
    except Exception as e:  # noqa: BLE001
        return {"raised": raised(e)}


def name_of(obj):
    for k, v in OBJECTS.items():
        if v is obj:
            return k
    return None


# ---- observations pyOpenSSL has no method for (read through its own bindings)


def _ssl_ptr(conn):
    return conn._ssl


def _binding(name):
    return getattr(_lib, name, None) if _lib is not None else None


def v_session_reused(conn):
    f = _binding("SSL_session_reused")
    return None if f is None else bool(f(_ssl_ptr(conn)))


def v_get_verify_result(conn):
    f = _binding("SSL_get_verify_result")
    return None if f is None else int(f(_ssl_ptr(conn)))


def v_ctx_get_mode(ctx):
    f = _binding("SSL_CTX_get_mode")
    return None if f is None else int(f(ctx._context))


def v_ctx_get_options(ctx):
    f = _binding("SSL_CTX_get_options")
    return None if f is None else int(f(ctx._context))


def v_ctx_clear_options(ctx, options):
    f = _binding("SSL_CTX_clear_options")
    return None if f is None else int(f(ctx._context, options))


def v_ctx_get_min_proto_version(ctx):
    f = _binding("SSL_CTX_get_min_proto_version")
    return None if f is None else int(f(ctx._context))


def v_ctx_get_max_proto_version(ctx):
    f = _binding("SSL_CTX_get_max_proto_version")
    return None if f is None else int(f(ctx._context))


def v_conn_set_options(conn, options):
    f = _binding("SSL_set_options")
    return None if f is None else int(f(_ssl_ptr(conn), options))


def v_conn_get_options(conn):
    f = _binding("SSL_get_options")
    return None if f is None else int(f(_ssl_ptr(conn)))


def v_get_selected_srtp_profile(conn):
    # what pyOpenSSL 24.0's get_selected_srtp_profile does: the name, b"" if none
    f = _binding("SSL_get_selected_srtp_profile")
    if f is None:
        return None
    profile = f(_ssl_ptr(conn))
    return b"" if profile == _ffi.NULL else _ffi.string(profile.name)


def _session_binding(name):
    def read(session):
        f = _binding(name)
        return None if f is None else int(f(session._session))

    return read


VIRTUAL = {
    (SSL.Connection, "session_reused"): v_session_reused,
    (SSL.Connection, "get_verify_result"): v_get_verify_result,
    (SSL.Connection, "set_options"): v_conn_set_options,
    (SSL.Connection, "get_options"): v_conn_get_options,
    (SSL.Connection, "get_selected_srtp_profile"): v_get_selected_srtp_profile,
    (SSL.Context, "get_mode"): v_ctx_get_mode,
    (SSL.Context, "get_options"): v_ctx_get_options,
    (SSL.Context, "clear_options"): v_ctx_clear_options,
    (SSL.Context, "get_min_proto_version"): v_ctx_get_min_proto_version,
    (SSL.Context, "get_max_proto_version"): v_ctx_get_max_proto_version,
    (SSL.Session, "get_time"): _session_binding("SSL_SESSION_get_time"),
    (SSL.Session, "get_timeout"): _session_binding("SSL_SESSION_get_timeout"),
    (SSL.Session, "get_ticket_lifetime_hint"): _session_binding(
        "SSL_SESSION_get_ticket_lifetime_hint"
    ),
    (SSL.Session, "has_ticket"): _session_binding("SSL_SESSION_has_ticket"),
}


def curve(name):
    """A curve for set_tmp_ecdh: pyOpenSSL's own object where it has one, else cryptography's."""
    get = getattr(crypto, "get_elliptic_curve", None)
    if get is not None:
        return get(name)
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec._CURVE_TYPES[name]()


def recv_into(conn, size, *rest):
    """recv_into into a fresh bytearray of size bytes: [count, the bytes it filled]."""
    buf = bytearray(size)
    n = conn.recv_into(buf, *rest)
    return [n, bytes(buf[:n])]


def call(target, method, args):
    if method == "set_tmp_ecdh" and args and isinstance(args[0], str):
        args = [curve(args[0])] + list(args[1:])
    if method == "recv_into" and isinstance(target, SSL.Connection):
        return recv_into(target, *args)
    return method_of(target, method)(*args)


def method_of(target, method):
    real = getattr(type(target), method, None)
    if real is not None:
        return getattr(target, method)
    for (cls, name), fn in VIRTUAL.items():
        if name == method and isinstance(target, cls):
            return lambda *a: fn(target, *a)
    raise AttributeError("%s has no method %s" % (type(target).__name__, method))


# ---- recording callbacks


def install(req):
    target = OBJECTS[req["target"]]
    kind = req["kind"]
    behaviour = dec(req.get("behaviour"))
    data = dec(req.get("data"))

    def boom():
        raise CallbackBoom(kind)

    if kind == "verify":

        def verify(conn, cert, errno, depth, ok):
            EVENTS.append(["verify", name_of(conn), cn_of(cert.get_subject()), errno, depth, ok])
            if behaviour == "raise":
                boom()
            if behaviour == "accept":
                return True
            if behaviour == "reject":
                return False
            return ok

        target.set_verify(req["mode"], verify)
    elif kind == "info":

        def info(conn, where, ret):
            EVENTS.append(["info", name_of(conn), where, ret])

        if isinstance(target, SSL.Connection) and not hasattr(target, "set_info_callback"):
            # before pyOpenSSL 25.2 only the context has one; OpenSSL calls the context's
            # callback for a connection without its own, so the events are the same
            target.get_context().set_info_callback(info)
        else:
            target.set_info_callback(info)
    elif kind == "alpn_select":

        def select(conn, offered):
            EVENTS.append(["alpn_select", name_of(conn), enc(list(offered))])
            if behaviour == "raise":
                boom()
            if behaviour == "NO_OVERLAPPING_PROTOCOLS":
                return SSL.NO_OVERLAPPING_PROTOCOLS
            return behaviour

        target.set_alpn_select_callback(select)
    elif kind == "ocsp_server":

        def server(conn, d):
            EVENTS.append(["ocsp_server", name_of(conn), enc(d)])
            if behaviour == "raise":
                boom()
            return behaviour

        target.set_ocsp_server_callback(server, data)
    elif kind == "ocsp_client":

        def client(conn, ocsp, d):
            EVENTS.append(["ocsp_client", name_of(conn), enc(ocsp), enc(d)])
            if behaviour == "raise":
                boom()
            return behaviour

        target.set_ocsp_client_callback(client, data)
    elif kind == "servername":

        def servername(conn):
            EVENTS.append(["servername", name_of(conn), enc(conn.get_servername())])
            if behaviour == "raise":
                boom()
            if isinstance(behaviour, dict) and "switch" in behaviour:
                conn.set_context(OBJECTS[behaviour["switch"]])

        target.set_tlsext_servername_callback(servername)
    elif kind == "passwd":

        def passwd(maxlen, verify, userdata):
            EVENTS.append(["passwd", maxlen, bool(verify), enc(userdata)])
            if behaviour == "raise":
                boom()
            return behaviour

        target.set_passwd_cb(passwd, data)
    elif kind == "cookie_generate":

        def generate(conn):
            EVENTS.append(["cookie_generate", name_of(conn)])
            if behaviour == "raise":
                boom()
            return behaviour

        target.set_cookie_generate_callback(generate)
    elif kind == "cookie_verify":

        def verify_cookie(conn, cookie):
            EVENTS.append(["cookie_verify", name_of(conn), enc(cookie)])
            if behaviour == "raise":
                boom()
            return behaviour

        target.set_cookie_verify_callback(verify_cookie)
    elif kind == "cert_lookup":
        # pyOpenSSL has no API that makes OpenSSL want an X509 lookup; its own bindings do:
        # a certificate callback answering -1 (SSL_CTX_set_cert_cb)
        cb = _ffi.callback("int (*)(SSL *, void *)", lambda ssl, arg: -1)
        KEEP.append(cb)
        _lib.SSL_CTX_set_cert_cb(target._context, cb, _ffi.NULL)
    elif kind == "keylog":

        def keylog(conn, line):
            EVENTS.append(["keylog", name_of(conn), line.split(b" ")[0].decode()])

        target.set_keylog_callback(keylog)
    else:
        raise ValueError("unknown callback kind " + kind)


# ---- socket mode: one connection in a thread


def describe(conn):
    def safe(fn):
        try:
            return fn()
        except Exception as e:  # noqa: BLE001
            return {"raised": raised(e)}

    return {
        "cipher": safe(conn.get_cipher_name),
        "version": safe(conn.get_protocol_version_name),
        "finished": safe(conn.get_finished),
        "peer_finished": safe(conn.get_peer_finished),
        "client_random": safe(conn.client_random),
        "server_random": safe(conn.server_random),
        "ekm": safe(lambda: conn.export_keying_material(b"EXPORTER-jossl", 32, None)),
        "servername": safe(conn.get_servername),
        "alpn": safe(conn.get_alpn_proto_negotiated),
        "peer": safe(lambda: cn_of(conn.get_peer_certificate().get_subject())),
        "reused": safe(lambda: v_session_reused(conn)),
    }


def recv_all(conn, limit):
    """Up to limit bytes, and the exception that ended the stream early (or None)."""
    data = b""
    while len(data) < limit:
        try:
            data += conn.recv(limit - len(data))
        except SSL.Error as e:
            return data, e
    return data, None


def run_server(listener, ctx, mode):
    out = {}
    try:
        sock, _ = listener.accept()
        sock.settimeout(None)
        conn = SSL.Connection(ctx, sock)
        conn.set_accept_state()
        conn.do_handshake()
        out.update(describe(conn))
        if mode == "abort":
            # read one chunk, then drop the TCP connection without close_notify
            out["received"] = conn.recv(65536)
            sock.close()
            return out
        received = b""
        while True:
            try:
                chunk = conn.recv(65536)
            except (SSL.ZeroReturnError, SSL.SysCallError) as e:
                out["end"] = raised(e)
                break
            received += chunk
            if mode == "echo":
                conn.sendall(chunk)
        out["received"] = received
        out["shutdown"] = attempt(conn.shutdown)
        sock.close()
    except Exception as e:  # noqa: BLE001
        out["raised"] = raised(e)
    finally:
        listener.close()
    return out


def run_client(port, ctx, sni, payload):
    out = {}
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        sock.settimeout(None)
        conn = SSL.Connection(ctx, sock)
        conn.set_connect_state()
        if sni is not None:
            conn.set_tlsext_host_name(sni)
        conn.do_handshake()
        out.update(describe(conn))
        conn.sendall(payload)
        out["echo"], early = recv_all(conn, len(payload))
        if early is not None:
            out["end"] = raised(early)
        else:
            out["shutdown"] = attempt(conn.shutdown)
            try:
                conn.recv(1)
            except Exception as e:  # noqa: BLE001
                out["end"] = raised(e)
        sock.close()
    except Exception as e:  # noqa: BLE001
        out["raised"] = raised(e)
    return out


def start(name, fn, *args):
    box = {}

    def body():
        box["result"] = fn(*args)

    t = threading.Thread(target=body, name=name, daemon=True)
    t.start()
    THREADS[name] = (t, box)


# ---- requests


def handle(req):
    op = req["op"]
    if op == "hello":
        return {
            "pyopenssl": OpenSSL.__version__,
            "openssl": SSL.OpenSSL_version(SSL.OPENSSL_VERSION).decode(),
            "bindings": {
                n: _binding(n) is not None
                for n in (
                    "SSL_session_reused",
                    "SSL_get_verify_result",
                    "SSL_CTX_get_mode",
                    "SSL_CTX_get_options",
                    "SSL_CTX_clear_options",
                    "SSL_CTX_get_min_proto_version",
                    "SSL_set_options",
                    "SSL_get_options",
                    "SSL_get_selected_srtp_profile",
                    "SSL_SESSION_get_time",
                    "SSL_SESSION_has_ticket",
                    "SSL_CTX_set_cert_cb",
                )
            },
            "has": {
                n: hasattr(SSL.Context, n) or hasattr(SSL.Connection, n)
                for n in (
                    "clear_mode",
                    "set_tls13_ciphersuites",
                    "get_group_name",
                    "DTLSv1_get_timeout",
                    "get_selected_srtp_profile",
                    "set_groups",
                )
            },
            "connection_has": {
                n: hasattr(SSL.Connection, n) for n in ("set_info_callback", "set_options")
            },
            "version_number": SSL.OPENSSL_VERSION_NUMBER,
            "runtime_version_number": (
                int(_lib.OpenSSL_version_num()) if _binding("OpenSSL_version_num") else None
            ),
        }
    if op == "reset":
        OBJECTS.clear()
        EVENTS.clear()
        return None
    if op == "pki":
        PKI[req["name"]] = {
            "cert": crypto.load_certificate(crypto.FILETYPE_PEM, req["cert"].encode()),
            "key": crypto.load_privatekey(crypto.FILETYPE_PEM, req["key"].encode()),
        }
        return None
    if op == "context":

        def make():
            OBJECTS[req["name"]] = SSL.Context(getattr(SSL, req["method"]))

        return attempt(make)
    if op == "connection":

        def make():
            OBJECTS[req["name"]] = SSL.Connection(OBJECTS[req["context"]], None)

        return attempt(make)
    if op == "call":
        target = OBJECTS[req["target"]]
        args = dec(req.get("args", []))
        return attempt(lambda: call(target, req["method"], args))
    if op == "callback":
        return attempt(lambda: install(req))
    if op == "events":
        out = list(EVENTS)
        EVENTS.clear()
        return out
    if op == "serve":
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(20)
        start(req["name"], run_server, listener, OBJECTS[req["context"]], req.get("mode", "echo"))
        return listener.getsockname()[1]
    if op == "connect":
        start(
            req["name"],
            run_client,
            req["port"],
            OBJECTS[req["context"]],
            dec(req.get("sni")),
            dec(req["payload"]),
        )
        return None
    if op == "module":
        from OpenSSL import rand

        codes = getattr(SSL, "X509VerificationCodes", None)
        return {
            "verification_codes": None
            if codes is None
            else {n: getattr(codes, n) for n in dir(codes) if n == "OK" or n.startswith("ERR_")},
            "binding_codes": {
                n[len("X509_V_"):]: getattr(_lib, n)
                for n in dir(_lib)
                if n == "X509_V_OK" or n.startswith("X509_V_ERR_")
            },
            "versions": {
                n: SSL.OpenSSL_version(getattr(SSL, n)).decode()
                for n in dir(SSL)
                if n.startswith("OPENSSL_") and n != "OPENSSL_VERSION_NUMBER"
            },
            "rand_status": rand.status(),
            "rand_add": [attempt(lambda a=a: rand.add(dec(a[0]), a[1])) for a in req["rand_add"]],
        }
    if op == "connect_ex":
        # Connection.connect_ex on a fresh socket: the errno, and the state it set
        sock = socket.socket()
        sock.settimeout(10)
        try:
            conn = SSL.Connection(OBJECTS[req["context"]], sock)
            errno = conn.connect_ex(("127.0.0.1", req["port"]))
            return enc({"errno": errno, "state": conn.get_state_string()})
        finally:
            sock.close()
    if op == "openssl_version":
        return {
            name: enc(fn(getattr(SSL, name)))
            for name in req["names"]
            for fn in [SSL.SSLeay_version if name.startswith("SSLEAY") else SSL.OpenSSL_version]
        }
    if op == "makefile":
        conn = SSL.Connection(OBJECTS[req["context"]], socket.socket())
        try:
            conn.makefile()
            return None
        except Exception as e:  # noqa: BLE001
            return raised(e)
    if op == "join":
        t, box = THREADS.pop(req["name"])
        t.join(req.get("timeout", 30))
        if t.is_alive():
            return {"raised": {"type": "TimeoutError", "str": "peer thread still running"}}
        return enc(box["result"])
    raise ValueError("unknown op " + op)


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            answer = {"result": handle(json.loads(line))}
        except Exception:  # noqa: BLE001
            answer = {"fatal": traceback.format_exc()}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
