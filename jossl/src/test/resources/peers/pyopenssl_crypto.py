"""pyOpenSSL's OpenSSL.crypto as a peer for jossl's org.jossl.crypto tests.

One process serves a whole test class. Two ways to run it:

  pyopenssl_crypto.py            read one JSON request per line on stdin, answer one JSON line
  pyopenssl_crypto.py JOB.json   run the list of requests in JOB.json, print the list of answers

A request is {"op": NAME, ...arguments}; the answer is {"result": VALUE}, or {"fatal": TRACEBACK}
when the request itself is broken (unknown op, bug in this script). Failures of pyOpenSSL that a
test wants to compare are part of VALUE: {"raised": {"type", "str", "errors"?, "certificate"?}}.
Bytes travel as {"$bytes": HEX} in both directions.

Only API present in both pyOpenSSL 23 (Debian 12) and 25 (Debian 13) is used; APIs that one of
them lacks (X509Extension, CRL) are looked up with hasattr and reported as {"absent": NAME}.
"""
import datetime
import json
import sys
import traceback
import warnings

warnings.simplefilter("ignore")  # deprecation warnings of the legacy crypto API

from cryptography import x509 as cx509  # noqa: E402  (pyOpenSSL depends on cryptography)
from cryptography.hazmat.primitives.serialization import Encoding  # noqa: E402
from OpenSSL import crypto  # noqa: E402
from peer_json import dec, enc  # noqa: E402

FILETYPES = {
    "PEM": crypto.FILETYPE_PEM,
    "ASN1": crypto.FILETYPE_ASN1,
    "TEXT": crypto.FILETYPE_TEXT,
}


def raised(e):
    out = {"type": type(e).__name__, "str": str(e)}
    if isinstance(e, crypto.X509StoreContextError):
        out["errors"] = list(e.errors)
        cert = getattr(e, "certificate", None)
        out["certificate"] = (
            None if cert is None else crypto.dump_certificate(crypto.FILETYPE_ASN1, cert)
        )
    return out


def attempt(fn):
    """{"ok": fn()} or {"raised": ...}: pyOpenSSL's failures are data here."""
    try:
        return {"ok": fn()}
    except Exception as e:  # noqa: BLE001
        return {"raised": raised(e)}


# ---- keys


def describe_key(k, public):
    out = {"type": k.type(), "bits": k.bits()}
    out["public_pem"] = crypto.dump_publickey(crypto.FILETYPE_PEM, k)
    out["public_der"] = crypto.dump_publickey(crypto.FILETYPE_ASN1, k)
    out["check"] = attempt(k.check)
    if not public:
        out["pem"] = crypto.dump_privatekey(crypto.FILETYPE_PEM, k)
        out["asn1"] = crypto.dump_privatekey(crypto.FILETYPE_ASN1, k)
        out["text"] = attempt(lambda: crypto.dump_privatekey(crypto.FILETYPE_TEXT, k))
    return out


def op_pkey(req):
    """Loads a key as pyOpenSSL does and describes it.

    passphrase: bytes or null; mode: "bytes", "callback", "raising_callback" or "long_callback".
    Never called with an encrypted key and no passphrase: pyOpenSSL would prompt on the terminal.
    """
    ft = FILETYPES[req["filetype"]]
    data = req["data"]
    public = req.get("public", False)
    passphrase = req.get("passphrase")
    mode = req.get("mode", "bytes")

    def load():
        if public:
            return crypto.load_publickey(ft, data)
        if passphrase is None:
            return crypto.load_privatekey(ft, data)
        if mode == "bytes":
            return crypto.load_privatekey(ft, data, passphrase)
        if mode == "callback":
            return crypto.load_privatekey(ft, data, lambda rwflag: passphrase)
        if mode == "raising_callback":

            def boom(rwflag):
                raise LookupError("no passphrase here")

            return crypto.load_privatekey(ft, data, boom)
        if mode == "long_callback":
            return crypto.load_privatekey(ft, data, lambda rwflag: b"x" * 5000)
        raise ValueError("unknown mode " + mode)

    return attempt(lambda: describe_key(load(), public))


def op_pkey_dump_encrypted(req):
    """Loads an unencrypted key and dumps it with a cipher and passphrase (out: PEM or ASN1)."""
    k = crypto.load_privatekey(FILETYPES[req["filetype"]], req["data"])
    out = FILETYPES[req.get("out", "PEM")]
    return attempt(lambda: crypto.dump_privatekey(out, k, req["cipher"], req["passphrase"]))


# ---- certificates and names


def components(name):
    return [[k, v] for k, v in name.get_components()]


def describe_name(name):
    return {
        "repr": repr(name),
        "components": components(name),
        "hash": name.hash(),
        "der": name.der(),
    }


def describe_extension(e):
    return {
        "short_name": e.get_short_name(),
        "critical": e.get_critical(),
        "data": e.get_data(),
        "str": attempt(lambda: str(e)),
    }


def describe_cert(x):
    out = {
        "version": x.get_version(),
        "serial": str(x.get_serial_number()),
        "not_before": x.get_notBefore(),
        "not_after": x.get_notAfter(),
        "has_expired": x.has_expired(),
        "signature_algorithm": attempt(x.get_signature_algorithm),
        "digests": {d: x.digest(d) for d in ("sha256", "sha1", "md5")},
        "subject": describe_name(x.get_subject()),
        "issuer": describe_name(x.get_issuer()),
        "subject_name_hash": x.subject_name_hash(),
        "extension_count": x.get_extension_count(),
        "extensions": [
            describe_extension(x.get_extension(i)) for i in range(x.get_extension_count())
        ],
        "extension_out_of_range": attempt(lambda: x.get_extension(x.get_extension_count())),
        "pem": crypto.dump_certificate(crypto.FILETYPE_PEM, x),
        "der": crypto.dump_certificate(crypto.FILETYPE_ASN1, x),
        "text": crypto.dump_certificate(crypto.FILETYPE_TEXT, x),
        "public_key_der": crypto.dump_publickey(crypto.FILETYPE_ASN1, x.get_pubkey()),
    }
    return out


def op_x509(req):
    return attempt(
        lambda: describe_cert(crypto.load_certificate(FILETYPES[req["filetype"]], req["data"]))
    )


def op_x509_extension(req):
    if not hasattr(crypto, "X509Extension"):
        return {"absent": "X509Extension"}
    return attempt(
        lambda: describe_extension(
            crypto.X509Extension(req["type_name"].encode(), req["critical"], req["value"].encode())
        )
    )


def name_of(req, key="cert"):
    x = crypto.load_certificate(crypto.FILETYPE_PEM, req[key])
    return x.get_issuer() if req.get("which") == "issuer" else x.get_subject()


def op_name(req):
    """The subject (or issuer) of a certificate: attributes read, then assignments applied."""
    name = name_of(req)
    out = describe_name(name)
    out["get"] = {a: attempt(lambda a=a: getattr(name, a)) for a in req.get("get", [])}
    changed = crypto.X509Name(name)
    for attr, value in req.get("set", []):
        setattr(changed, attr, value)
    out["changed"] = describe_name(changed)
    out["changed"]["get"] = {
        a: attempt(lambda a=a: getattr(changed, a)) for a in req.get("get", [])
    }
    return out


def op_name_compare(req):
    a = name_of(req, "a")
    b = name_of(req, "b")
    return {"eq": a == b, "lt": a < b, "gt": a > b}


# ---- stores


def load_crl(pem):
    """A CRL add_crl accepts: pyOpenSSL's own CRL where it still has one, else cryptography's."""
    c = cx509.load_pem_x509_crl(pem)
    if hasattr(crypto, "CRL") and hasattr(crypto.CRL, "from_cryptography"):
        return crypto.CRL.from_cryptography(c)
    return c


def op_verify(req):
    store = crypto.X509Store()
    for pem in req.get("trusted", []):
        store.add_cert(crypto.load_certificate(crypto.FILETYPE_PEM, pem))
    for pem in req.get("crls", []):
        store.add_crl(load_crl(pem))
    if req.get("flags"):
        store.set_flags(req["flags"])
    if req.get("time") is not None:
        store.set_time(datetime.datetime.fromtimestamp(req["time"], datetime.timezone.utc))
    if req.get("cafile") or req.get("capath"):
        store.load_locations(req.get("cafile"), req.get("capath"))
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, req["cert"])
    chain = [crypto.load_certificate(crypto.FILETYPE_PEM, p) for p in req.get("untrusted", [])]
    ctx = crypto.X509StoreContext(store, cert, chain)

    def run():
        return [crypto.dump_certificate(crypto.FILETYPE_ASN1, c) for c in ctx.get_verified_chain()]

    return attempt(run)


# ---- CRLs


# RFC 5280 CRLReason codes by cryptography's ReasonFlags member name.
REASON_CODES = {
    "unspecified": 0,
    "key_compromise": 1,
    "ca_compromise": 2,
    "affiliation_changed": 3,
    "superseded": 4,
    "cessation_of_operation": 5,
    "certificate_hold": 6,
    "remove_from_crl": 8,
    "privilege_withdrawn": 9,
    "aa_compromise": 10,
}


def epoch(obj, name):
    """A cryptography datetime attribute as epoch seconds: NAME_utc where it exists (newer
    cryptography deprecates the naive NAME), else the naive UTC NAME."""
    value = getattr(obj, name + "_utc") if hasattr(obj, name + "_utc") else getattr(obj, name)
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return int(value.timestamp())


def op_crl(req):
    """A CRL as cryptography reads it, and pyOpenSSL's dumps where pyOpenSSL still has CRL."""
    if req["filetype"] == "PEM":
        c = cx509.load_pem_x509_crl(req["data"])
    else:
        c = cx509.load_der_x509_crl(req["data"])
    revoked = []
    for r in c:
        try:
            reason = REASON_CODES[
                r.extensions.get_extension_for_class(cx509.CRLReason).value.reason.name
            ]
        except cx509.ExtensionNotFound:
            reason = None
        revoked.append(
            {
                "serial": str(r.serial_number),
                "date": epoch(r, "revocation_date"),
                "reason": reason,
            }
        )
    try:
        number = c.extensions.get_extension_for_class(cx509.CRLNumber).value.crl_number
    except cx509.ExtensionNotFound:
        number = None
    out = {
        "issuer_der": c.issuer.public_bytes(),
        "last_update": epoch(c, "last_update"),
        "next_update": epoch(c, "next_update"),
        "crl_number": None if number is None else str(number),
        "revoked": revoked,
        "der": c.public_bytes(Encoding.DER),
    }
    if req.get("issuer_pem") is not None:
        issuer = cx509.load_pem_x509_certificate(req["issuer_pem"])
        # older cryptography checks only RSA, DSA and EC signatures (TypeError for Ed25519)
        out["signature_valid"] = attempt(lambda: c.is_signature_valid(issuer.public_key()))
    if hasattr(crypto, "load_crl") and hasattr(crypto, "dump_crl"):
        p = crypto.load_crl(FILETYPES[req["filetype"]], req["data"])
        out["pyopenssl"] = {
            "pem": crypto.dump_crl(crypto.FILETYPE_PEM, p),
            "der": crypto.dump_crl(crypto.FILETYPE_ASN1, p),
            "text": crypto.dump_crl(crypto.FILETYPE_TEXT, p),
            "revoked": [
                {"serial": r.get_serial(), "reason": r.get_reason()}
                for r in (p.get_revoked() or [])
            ],
        }
    else:
        out["pyopenssl"] = {"absent": "load_crl"}
    return out


def op_crl_load(req):
    """pyOpenSSL's load_crl on arbitrary bytes, where pyOpenSSL still has it."""
    if not hasattr(crypto, "load_crl"):
        return {"absent": "load_crl"}
    ft = FILETYPES[req["filetype"]]
    return attempt(
        lambda: crypto.dump_crl(crypto.FILETYPE_ASN1, crypto.load_crl(ft, req["data"]))
    )


def op_revoked_reasons(req):
    """pyOpenSSL's spelling of the CRL reasons Revoked.set_reason accepts, where it has Revoked."""
    if not hasattr(crypto, "Revoked"):
        return {"absent": "Revoked"}
    return [r.decode() for r in crypto.Revoked().all_reasons()]


def op_cert_facts(req):
    """What cryptography reads from a certificate's usual extensions."""
    c = cx509.load_pem_x509_certificate(req["data"])
    out = {"version": c.version.name, "subject": c.subject.rfc4514_string()}

    def ext(cls):
        try:
            return c.extensions.get_extension_for_class(cls)
        except cx509.ExtensionNotFound:
            return None

    bc = ext(cx509.BasicConstraints)
    out["basic_constraints"] = (
        None
        if bc is None
        else {"ca": bc.value.ca, "path_length": bc.value.path_length, "critical": bc.critical}
    )
    ku = ext(cx509.KeyUsage)
    if ku is None:
        out["key_usage"] = None
    else:
        v = ku.value
        names = [
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
        ]
        out["key_usage"] = [n for n in names if getattr(v, n)]
    eku = ext(cx509.ExtendedKeyUsage)
    out["extended_key_usage"] = None if eku is None else [o.dotted_string for o in eku.value]
    san = ext(cx509.SubjectAlternativeName)
    if san is None:
        out["san"] = None
    else:
        v = san.value
        out["san"] = {
            "dns": v.get_values_for_type(cx509.DNSName),
            "ip": [str(a) for a in v.get_values_for_type(cx509.IPAddress)],
            "email": v.get_values_for_type(cx509.RFC822Name),
            "uri": v.get_values_for_type(cx509.UniformResourceIdentifier),
        }
    ski = ext(cx509.SubjectKeyIdentifier)
    out["ski"] = None if ski is None else ski.value.digest
    aki = ext(cx509.AuthorityKeyIdentifier)
    out["aki"] = None if aki is None else aki.value.key_identifier
    cdp = ext(cx509.CRLDistributionPoints)
    out["crl_uris"] = (
        None if cdp is None else [n.value for dp in cdp.value for n in (dp.full_name or [])]
    )
    return out


def op_versions(req):
    import OpenSSL

    return {"pyopenssl": OpenSSL.__version__}


OPS = {name[3:]: fn for name, fn in globals().items() if name.startswith("op_")}


def answer(request):
    try:
        req = dec(request)
        return {"result": enc(OPS[req["op"]](req))}
    except Exception:  # noqa: BLE001  (a broken request: report it, keep serving)
        return {"fatal": traceback.format_exc()}


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1]) as f:
            print(json.dumps([answer(r) for r in json.load(f)]))
        return
    for line in sys.stdin:
        if not line.strip():
            continue
        print(json.dumps(answer(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
