"""Runs scenarios on a pair of Python ssl.SSLObjects joined by MemoryBIOs and prints what each step gave.

Usage: sslobject_transcript.py < scenarios.json, where the JSON object maps a scenario name to
{"client": {...}, "server": {...}, "steps": [[side, op, arg...], ...]}. The client context is
create_default_context(cafile=client.cafile), the server's SSLContext(PROTOCOL_TLS_SERVER) with
server.certfile/keyfile; optional keys: maximum_version ("TLSv1_2"), check_hostname, verify_mode
("CERT_REQUIRED"), host_flags (the private _host_flags), alpn, cafile, certfile, keyfile, hostname.
Chains (verified_chain, unverified_chain) are the SHA-256 of each certificate's DER, from 3.11's
_sslobj methods, with None as 3.13's public methods give it: [] (and a server's absent peer, which
3.11 puts first as None, left out). Steps beyond the object's own calls: reconnect (a new pair, the
client resuming side's session), reconnect_assign (the same, the session assigned with the setter),
assign_session, context_of (whose context the object uses: "c", "s", "s2"), set_context SIDE,
sni_seen. A server's "sni" ("record", "alert", "switch"): its SNI callback records each name, then
goes on, answers ALERT_DESCRIPTION_UNRECOGNIZED_NAME, or switches to a second server context "s2". Prints one JSON object: scenario name -> list of outcomes, each
{"ok": value} or {"exc": TypeName, "str": str(e) without CPython's " (_ssl.c:NNN)"}.
"""
import hashlib
import json
import re
import ssl
import sys


def context(side, cfg):
    if side == "c":
        ctx = ssl.create_default_context(cafile=cfg.get("cafile"))
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if cfg.get("cafile"):
            ctx.load_verify_locations(cafile=cfg["cafile"])
    if cfg.get("certfile"):
        ctx.load_cert_chain(cfg["certfile"], cfg.get("keyfile"))
    if "check_hostname" in cfg:
        ctx.check_hostname = cfg["check_hostname"]
    if "host_flags" in cfg:
        ctx._host_flags = cfg["host_flags"]
    if cfg.get("maximum_version"):
        ctx.maximum_version = ssl.TLSVersion[cfg["maximum_version"]]
    if cfg.get("verify_mode"):
        ctx.verify_mode = ssl.VerifyMode[cfg["verify_mode"]]
    if cfg.get("alpn"):
        ctx.set_alpn_protocols(cfg["alpn"])
    if cfg.get("sni"):  # a server's SNI callback: records the name, then does what "sni" says
        action = cfg["sni"]

        def sni(obj, name, own):
            SNI_SEEN.append([name, own is ctx])
            if action == "alert":
                return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
            if action == "switch":
                obj.context = SWITCH_TO[0]
            return None

        ctx.sni_callback = sni
    return ctx


SNI_SEEN = []
SWITCH_TO = []


def value(v):
    if isinstance(v, (bytes, bytearray)):
        return {"bytes": v.decode("latin-1")}
    if isinstance(v, tuple):
        return [value(x) for x in v]
    if isinstance(v, list):
        return [value(x) for x in v]
    return v


def connect(contexts, configs, session=None):
    ends = {}
    for side in ("c", "s"):
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        obj = contexts[side].wrap_bio(
            incoming, outgoing, server_side=(side == "s"),
            server_hostname=configs[side].get("hostname", "localhost") if side == "c" else None,
            session=session if side == "c" else None)
        ends[side] = (obj, incoming, outgoing)
    return ends


def run(scenario):
    configs = {"c": scenario.get("client", {}), "s": scenario.get("server", {})}
    contexts = {side: context(side, cfg) for side, cfg in configs.items()}
    SNI_SEEN.clear()
    SWITCH_TO.clear()
    if configs["s"].get("sni") == "switch":  # another server context with the same certificate
        other = dict(configs["s"])
        del other["sni"]
        contexts["s2"] = context("s", other)
        SWITCH_TO.append(contexts["s2"])
    ends = connect(contexts, configs)
    other = {"c": "s", "s": "c"}
    out = []
    for step in scenario["steps"]:
        side, op, args = step[0], step[1], step[2:]
        obj, incoming, outgoing = ends[side]
        try:
            if op == "reconnect":  # a new pair from the same contexts, resuming side's session
                ends = connect(contexts, configs, session=obj.session)
                r = None
            elif op == "reconnect_assign":  # a new pair; then side's session assigned to the client
                old = obj.session
                ends = connect(contexts, configs)
                ends["c"][0].session = old
                r = None
            elif op == "assign_session":  # side's own session assigned to it again
                obj.session = obj.session
                r = None
            elif op == "context_of":  # whose context side's object uses now
                r = next((k for k, v in contexts.items() if v is obj.context), None)
            elif op == "set_context":
                obj.context = contexts[args[0]]
                r = None
            elif op == "sni_seen":  # the names the server's SNI callback saw, and whether with its own context
                r = list(SNI_SEEN)
            elif op == "selected_npn_protocol":
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    r = obj.selected_npn_protocol()
            elif op == "pump":  # everything side's outgoing holds, into the other side's incoming
                data = outgoing.read()
                ends[other[side]][1].write(data)
                r = len(data) > 0
            elif op == "feed":
                r = incoming.write(args[0].encode("latin-1"))
            elif op == "write_eof":
                r = incoming.write_eof()
            elif op == "incoming_write_after_eof":
                incoming.write_eof()
                r = incoming.write(b"x")
            elif op == "incoming_eof":
                r = incoming.eof
            elif op == "outgoing_read":
                r = outgoing.read(args[0])
            elif op == "outgoing_pending":
                r = outgoing.pending
            elif op == "read":
                r = obj.read(args[0])
            elif op == "read_into":
                buf = bytearray(args[0])
                n = obj.read(args[1], buf)
                r = [n, bytes(buf[:n])]
            elif op == "write":
                r = obj.write(args[0].encode("latin-1"))
            elif op == "getpeercert":
                r = obj.getpeercert()
            elif op == "getpeercert_der":
                d = obj.getpeercert(True)
                r = None if d is None else len(d)
            elif op == "channel_binding":
                cb = obj.get_channel_binding("tls-unique")
                r = None if cb is None else len(cb)
            elif op == "cipher":
                c = obj.cipher()
                r = None if c is None else [c[0], c[1], c[2]]
            elif op == "session":
                r = obj.session is not None
            elif op in ("verified_chain", "unverified_chain"):
                chain = getattr(obj._sslobj, "get_" + op)()
                r = [hashlib.sha256(c.public_bytes(ssl._ssl.ENCODING_DER)).hexdigest()
                     for c in chain or [] if c is not None]
            else:
                attr = getattr(obj, op)
                r = attr(*args) if callable(attr) else attr
            out.append({"ok": value(r)})
        except Exception as e:  # every outcome is data here
            out.append({"exc": type(e).__name__, "str": re.sub(r" \(_ssl\.c:\d+\)", "", str(e))})
    return out


scenarios = json.load(sys.stdin)
print(json.dumps({name: run(s) for name, s in scenarios.items()}))
