"""Python's ssl module (upstream CPython, Peers.python()) as the oracle for jossl's org.jossl.ssl.

Usage: python_ssl_module.py JOB.json   prints one JSON object with the answer to every question.

JOB holds:
  "contexts": [{"name", "ctx": CTXSPEC, "steps": [STEP, ...]}, ...]
      CTXSPEC: {"new": "PROTOCOL_TLS_CLIENT"} or
               {"default": "SERVER_AUTH"|"CLIENT_AUTH", "cafile"?, "capath"?, "cadata"?} or
               {"unverified"|"stdlib": {"protocol"?, "cert_reqs"?, "check_hostname"?, "purpose"?,
                "certfile"?, "keyfile"?, "cafile"?, "capath"?, "cadata"?}}
               (ssl._create_unverified_context / its alias _create_stdlib_context; protocol,
               cert_reqs and purpose by name, cert_reqs null for None)
      STEP: {"get": PROPERTY} | {"set": PROPERTY, "value": V} | {"call": METHOD, ...arguments}
      Each step's outcome is {"ok": VALUE} or {"raised": ERROR}; steps run on regardless.
  "cert_time_to_seconds": [TEXT, ...]
  "der_to_pem": [BYTES, ...], "pem_to_der": [TEXT, ...]
  "decode": [PATH, ...]                       ssl._ssl._test_decode_cert, as json.dumps text
  "match_hostname": [{"cert": PATH|null|"{}", "host": NAME}, ...]
  "protocol_names": [INT, ...]
  "asn1": {"nids": [INT, ...], "texts": [[TEXT, NAME?], ...], "derived": BOOL}
      _ssl.nid2obj / _ASN1Object.fromnid for each NID; _ssl.txt2obj(TEXT, name=NAME),
      _ASN1Object(TEXT) and _ASN1Object.fromname(TEXT) for each text; with "derived", also for
      the short name, long name and OID of every NID that resolved (the answer lists the texts)
  "purposes": [NID, ...]                     create_default_context(_ASN1Object.fromnid(NID))
  "rand": [STEP, ...]                        {"bytes": N} (answers the length) | {"status": true}
                                             | {"add": TEXT|BYTES, "entropy": FLOAT}
and the answer also has "module": the module's constants, flags, enums and default paths.

ERROR is {"type", "mro", "str", "args", "errno", "strerror", "library", "reason", "filename",
"verify_code", "verify_message"} with CPython's " (_ssl.c:NNN)" location removed from the texts.
Bytes travel as {"$bytes": HEX} in both directions.
"""
import json
import re
import ssl
import sys
import warnings

import peer_json
from peer_json import dec

warnings.simplefilter("ignore")  # the deprecated protocols, options and match_hostname

LOCATION = re.compile(r" \(_ssl\.c:\d+\)$")


def strip(v):
    return LOCATION.sub("", v) if isinstance(v, str) else v


def scalar(value):
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        return int(value)  # IntEnum / IntFlag members as plain numbers
    return repr(value)


def enc(value):
    return peer_json.enc(value, scalar)


def raised(e):
    return {
        "type": type(e).__name__,
        "mro": [c.__name__ for c in type(e).__mro__],
        "str": strip(str(e)),
        "args": [strip(a) if isinstance(a, str) else enc(a) for a in e.args],
        "errno": getattr(e, "errno", None),
        "strerror": strip(getattr(e, "strerror", None)),
        "library": getattr(e, "library", None),
        "reason": getattr(e, "reason", None),
        "filename": getattr(e, "filename", None),
        "verify_code": getattr(e, "verify_code", None),
        "verify_message": getattr(e, "verify_message", None),
    }


def attempt(fn):
    try:
        return {"ok": enc(fn())}
    except Exception as e:  # noqa: BLE001  (the failure is the data)
        return {"raised": raised(e)}


# ---- contexts


def make_context(spec):
    if "new" in spec:
        if spec["new"] is None:  # the deprecated argument-less constructor
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                return ssl.SSLContext()
        return ssl.SSLContext(getattr(ssl, spec["new"]))
    for key, factory in (("unverified", ssl._create_unverified_context),
                         ("stdlib", ssl._create_stdlib_context)):
        if key in spec:
            args = dict(dec(spec[key]))
            if "protocol" in args:
                args["protocol"] = getattr(ssl, args["protocol"])
            if "cert_reqs" in args and args["cert_reqs"] is not None:
                args["cert_reqs"] = ssl.VerifyMode[args["cert_reqs"]]
            if "purpose" in args:
                args["purpose"] = getattr(ssl.Purpose, args["purpose"])
            return factory(**args)
    kwargs = {k: dec(spec[k]) for k in ("cafile", "capath", "cadata") if k in spec}
    return ssl.create_default_context(getattr(ssl.Purpose, spec["default"]), **kwargs)


GETTERS = {
    # the C getter's signed long: ssl.Options(-1) would keep only the bits the IntFlag knows
    "options": lambda c: ssl._ssl._SSLContext.options.__get__(c),
    "verify_mode": lambda c: int(c.verify_mode),
    "verify_flags": lambda c: int(c.verify_flags),
    "check_hostname": lambda c: c.check_hostname,
    "minimum_version": lambda c: int(c.minimum_version),
    "maximum_version": lambda c: int(c.maximum_version),
    "security_level": lambda c: c.security_level,
    "num_tickets": lambda c: c.num_tickets,
    "post_handshake_auth": lambda c: c.post_handshake_auth,
    "hostname_checks_common_name": lambda c: c.hostname_checks_common_name,
    "host_flags": lambda c: c._host_flags,
    "protocol": lambda c: c.protocol.name,
    "keylog_filename": lambda c: c.keylog_filename,
}

SETTERS = {
    "options": lambda c, v: setattr(c, "options", v),
    "verify_mode": lambda c, v: setattr(c, "verify_mode", v),
    "verify_flags": lambda c, v: setattr(c, "verify_flags", v),
    "check_hostname": lambda c, v: setattr(c, "check_hostname", v),
    "minimum_version": lambda c, v: setattr(c, "minimum_version", ssl.TLSVersion[v]),
    "maximum_version": lambda c, v: setattr(c, "maximum_version", ssl.TLSVersion[v]),
    "num_tickets": lambda c, v: setattr(c, "num_tickets", v),
    "post_handshake_auth": lambda c, v: setattr(c, "post_handshake_auth", v),
    "hostname_checks_common_name": lambda c, v: setattr(c, "hostname_checks_common_name", v),
    "host_flags": lambda c, v: setattr(c, "_host_flags", v),
    "keylog_filename": lambda c, v: setattr(c, "keylog_filename", v),
}


def password(p):
    """A password argument: {"str"|"bytes": value} or {"callable": {"returns"|"raises": ...}}."""
    if p is None:
        return None
    if "str" in p:
        return p["str"]
    if "bytes" in p:
        return dec(p["bytes"])
    c = p["callable"]
    if "raises" in c:
        def fail():
            raise KeyError(c["raises"])
        return fail
    value = dec(c["returns"])
    return lambda: value


def call(c, step):
    name = step["call"]
    if name == "load_cert_chain":
        return c.load_cert_chain(step["certfile"], step.get("keyfile"),
                                 password(step.get("password")))
    if name == "load_verify_locations":
        kwargs = {k: dec(step[k]) for k in ("cafile", "capath", "cadata") if k in step}
        return c.load_verify_locations(**kwargs)
    if name == "load_dh_params":
        return c.load_dh_params(step["path"])
    if name == "set_ecdh_curve":
        return c.set_ecdh_curve(step["name"])
    if name == "set_ciphers":
        return c.set_ciphers(step["ciphers"])
    if name == "set_alpn_protocols":
        return c.set_alpn_protocols(step["protocols"])
    if name == "get_ciphers":
        return c.get_ciphers()
    if name == "session_stats":
        return c.session_stats()
    if name == "cert_store_stats":
        return c.cert_store_stats()
    if name == "get_ca_certs":
        if step.get("binary_form"):
            return c.get_ca_certs(True)
        return [json.dumps(cert) for cert in c.get_ca_certs()]
    if name == "set_default_verify_paths":
        return c.set_default_verify_paths()
    if name == "load_default_certs":
        return c.load_default_certs(getattr(ssl.Purpose, step["purpose"]))
    raise KeyError("unknown call " + name)


def run_step(c, step):
    if "get" in step:
        return attempt(lambda: GETTERS[step["get"]](c))
    if "set" in step:
        return attempt(lambda: SETTERS[step["set"]](c, dec(step["value"])))
    return attempt(lambda: call(c, step))


def run_context(case):
    made = []
    created = attempt(lambda: made.append(make_context(case["ctx"])))
    if "raised" in created:
        return {"created": created}
    c = made[0]
    return {"created": created, "steps": [run_step(c, s) for s in case["steps"]]}


# ---- module functions


def match(case):
    cert = case["cert"]
    if cert is None:
        decoded = None
    elif cert == "{}":
        decoded = {}
    else:
        decoded = ssl._ssl._test_decode_cert(cert)
    return attempt(lambda: ssl.match_hostname(decoded, case["host"]))


def enum_members(e, aliases=()):
    """Every member by name, aliases included, and module-level aliases that are not members."""
    out = {name: int(member) for name, member in e.__members__.items()}
    out.update({name: int(getattr(ssl, name)) for name in aliases if hasattr(ssl, name)})
    return out


def module():
    names = [n for n in dir(ssl) if n.startswith("HAS_")]
    names += [n for n in dir(ssl._ssl) if n.startswith("HAS_") and n not in names]
    paths = ssl.get_default_verify_paths()
    return {
        "OPENSSL_VERSION": ssl.OPENSSL_VERSION,
        "OPENSSL_VERSION_INFO": list(ssl.OPENSSL_VERSION_INFO),
        "OPENSSL_VERSION_NUMBER": ssl.OPENSSL_VERSION_NUMBER,
        "HAS": {n: getattr(ssl, n, getattr(ssl._ssl, n, None)) for n in sorted(names)},
        "CHANNEL_BINDING_TYPES": list(ssl.CHANNEL_BINDING_TYPES),
        "PEM_HEADER": ssl.PEM_HEADER,
        "PEM_FOOTER": ssl.PEM_FOOTER,
        "enums": {
            "Options": enum_members(ssl.Options),
            "VerifyFlags": enum_members(ssl.VerifyFlags),
            "VerifyMode": enum_members(ssl.VerifyMode),
            "TLSVersion": enum_members(ssl.TLSVersion),
            "AlertDescription": enum_members(ssl.AlertDescription),
            "SSLErrorNumber": enum_members(ssl.SSLErrorNumber),
            "_SSLMethod": enum_members(ssl._SSLMethod, ["PROTOCOL_SSLv23"]),
        },
        "Purpose": {
            name: list(getattr(ssl.Purpose, name)) for name in ("SERVER_AUTH", "CLIENT_AUTH")
        },
        "HOSTFLAG": {n: getattr(ssl._ssl, n) for n in dir(ssl._ssl) if n.startswith("HOSTFLAG_")},
        "Purpose_asn1": {
            name: {"repr": repr(getattr(ssl.Purpose, name).value),
                   "equals_oid_lookup": getattr(ssl.Purpose, name) == ssl._ASN1Object(
                       getattr(ssl.Purpose, name).oid)}
            for name in ("SERVER_AUTH", "CLIENT_AUTH")
        },
        "default_verify_paths": list(paths),
        "default_verify_paths_raw": list(ssl._ssl.get_default_verify_paths()),
    }


def asn1(job):
    nids = job.get("nids", [])
    texts = [list(t) for t in job.get("texts", [])]
    by_nid = [attempt(lambda n=n: ssl._ssl.nid2obj(n)) for n in nids]
    if job.get("derived"):
        seen = set()
        for answer in by_nid:
            if "ok" in answer:
                for t, name in ((answer["ok"][1], True), (answer["ok"][2], True),
                                (answer["ok"][3], False), (answer["ok"][1], False)):
                    if t is not None and (t, name) not in seen:
                        seen.add((t, name))
                        texts.append([t, name])
    return {
        "nid2obj": by_nid,
        "fromnid": [attempt(lambda n=n: ssl._ASN1Object.fromnid(n)) for n in nids],
        "texts": texts,
        "txt2obj": [attempt(lambda t=t: ssl._ssl.txt2obj(t[0], name=t[1])) for t in texts],
        "new": [attempt(lambda t=t: ssl._ASN1Object(t[0])) for t in texts],
        "fromname": [attempt(lambda t=t: ssl._ASN1Object.fromname(t[0])) for t in texts],
    }


def rand_step(step):
    if "bytes" in step:
        return attempt(lambda: len(ssl.RAND_bytes(step["bytes"])))
    if "status" in step:
        return attempt(ssl.RAND_status)
    return attempt(lambda: ssl.RAND_add(dec(step["add"]), step["entropy"]))


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    out = {
        "contexts": {case["name"]: run_context(case) for case in job.get("contexts", [])},
        "cert_time_to_seconds": [
            attempt(lambda t=t: ssl.cert_time_to_seconds(t)) for t in job.get("cert_time_to_seconds", [])
        ],
        "der_to_pem": [
            attempt(lambda d=d: ssl.DER_cert_to_PEM_cert(dec(d))) for d in job.get("der_to_pem", [])
        ],
        "pem_to_der": [
            attempt(lambda p=p: ssl.PEM_cert_to_DER_cert(p)) for p in job.get("pem_to_der", [])
        ],
        "decode": [
            attempt(lambda p=p: json.dumps(ssl._ssl._test_decode_cert(p))) for p in job.get("decode", [])
        ],
        "match_hostname": [match(case) for case in job.get("match_hostname", [])],
        "protocol_names": [ssl.get_protocol_name(n) for n in job.get("protocol_names", [])],
        "asn1": asn1(job.get("asn1", {})),
        "purposes": [
            attempt(lambda n=n: ssl.create_default_context(ssl._ASN1Object.fromnid(n)) and None)
            for n in job.get("purposes", [])
        ],
        "rand": [rand_step(step) for step in job.get("rand", [])],
        "module": module(),
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
