"""pyOpenSSL's X509Store / X509StoreContext on x509-limbo cases, for LimboStoreTest.

Usage: limbo_store.py JOBS.json   prints one JSON list with the answer to every job, in order.

A job is {"trusted": [PEM], "untrusted": [PEM], "cert": PEM, "crls": [PEM], "flags": INT,
"time": RFC 3339 text or null}. The store gets the trusted certificates, then the CRLs, then
set_flags(flags) when flags is not 0, then set_time(time) when there is one; then
X509StoreContext(store, cert, untrusted).get_verified_chain().

The answer is {"load": {"what": "trusted[0]" | "untrusted[1]" | "cert" | "crls[0]", "type",
"errors"}} when an input does not load, else {"ok": [DER, ...]} (the verified chain) or
{"raised": {"type", "errors": [code, depth, message], "certificate": DER or null}}.
Bytes travel as {"$bytes": HEX}.
"""
import datetime
import json
import sys
import warnings

warnings.simplefilter("ignore")  # deprecation warnings of the legacy crypto API

from OpenSSL import crypto  # noqa: E402
from peer_json import enc  # noqa: E402


def load_crl(pem):
    """A CRL for add_crl: pyOpenSSL's own loader where it has one (OpenSSL parses it, as in
    jossl), else cryptography's (pyOpenSSL 24.3 and later take those)."""
    if hasattr(crypto, "load_crl"):
        return crypto.load_crl(crypto.FILETYPE_PEM, pem)
    from cryptography import x509 as cx509

    return cx509.load_pem_x509_crl(pem)


def cert(pem):
    return crypto.load_certificate(crypto.FILETYPE_PEM, pem)


def der(c):
    return crypto.dump_certificate(crypto.FILETYPE_ASN1, c)


def run(job):
    loaded = {}
    items = [("trusted[%d]" % i, p, cert) for i, p in enumerate(job["trusted"])]
    items += [("untrusted[%d]" % i, p, cert) for i, p in enumerate(job["untrusted"])]
    items += [("cert", job["cert"], cert)]
    items += [("crls[%d]" % i, p, load_crl) for i, p in enumerate(job["crls"])]
    for what, pem, loader in items:
        try:
            loaded[what] = loader(pem.encode("ascii"))
        except Exception as e:  # noqa: BLE001  (the failure is the data)
            errors = e.args[0] if isinstance(e, crypto.Error) and e.args else None
            return {
                "load": {
                    "what": what,
                    "type": type(e).__name__,
                    "errors": [[lib, reason] for lib, _func, reason in errors or []],
                }
            }
    store = crypto.X509Store()
    for i in range(len(job["trusted"])):
        store.add_cert(loaded["trusted[%d]" % i])
    for i in range(len(job["crls"])):
        store.add_crl(loaded["crls[%d]" % i])
    if job["flags"]:
        store.set_flags(job["flags"])
    if job["time"] is not None:
        store.set_time(datetime.datetime.fromisoformat(job["time"]))
    chain = [loaded["untrusted[%d]" % i] for i in range(len(job["untrusted"]))]
    ctx = crypto.X509StoreContext(store, loaded["cert"], chain)
    try:
        return {"ok": [der(c) for c in ctx.get_verified_chain()]}
    except crypto.X509StoreContextError as e:
        failed = getattr(e, "certificate", None)
        return {
            "raised": {
                "type": type(e).__name__,
                "errors": list(e.errors),
                "certificate": None if failed is None else der(failed),
            }
        }


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    print(json.dumps([enc(run(job)) for job in jobs]))


if __name__ == "__main__":
    main()
