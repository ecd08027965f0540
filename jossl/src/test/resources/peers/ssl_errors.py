"""Makes OpenSSL fail in known ways through Python's ssl module and prints what Python reports.

Usage: ssl_errors.py DIR, where DIR holds the input files ErrorTableTest wrote (garbage.pem,
cert.pem, cert.der, bad_base64.pem, bad_asn1.pem, bad.der). Prints one line per case:
case<TAB>library<TAB>reason<TAB>str(error), with None as \\N and CPython's " (_ssl.c:NNN)" location
removed from the message. A case that does not raise ssl.SSLError prints its exception instead.

Then Python's own mnemonic tables (ssl._ssl.lib_codes_to_names and err_codes_to_names), as rows
lib<TAB>code<TAB>name and reason<TAB>lib<TAB>code<TAB>name.
"""
import os
import re
import ssl
import sys

d = sys.argv[1]


def read(name, mode="rb"):
    with open(os.path.join(d, name), mode) as f:
        return f.read()


def text(v):
    return "\\N" if v is None else str(v)


CASES = {
    # PEM_read_DHparams on a file without a PEM block
    "dh_params_garbage": lambda ctx: ctx.load_dh_params(os.path.join(d, "garbage.pem")),
    # X509_STORE_load_file (via SSL_CTX_load_verify_locations) on a file without certificates
    "cafile_garbage": lambda ctx: ctx.load_verify_locations(cafile=os.path.join(d, "garbage.pem")),
    # PEM_read_bio_X509 on the block after a good certificate
    "cadata_pem_bad_base64": lambda ctx: ctx.load_verify_locations(
        cadata=read("cert.pem", "r") + read("bad_base64.pem", "r")),
    "cadata_pem_bad_asn1": lambda ctx: ctx.load_verify_locations(
        cadata=read("cert.pem", "r") + read("bad_asn1.pem", "r")),
    # d2i_X509_bio on the DER after a good certificate
    "cadata_der_bad": lambda ctx: ctx.load_verify_locations(cadata=read("cert.der") + read("bad.der")),
}

for case, run in CASES.items():
    ctx = ssl.create_default_context()
    try:
        run(ctx)
        print(case, "\\N", "\\N", "no exception", sep="\t")
    except ssl.SSLError as e:
        message = re.sub(r" \(_ssl\.c:\d+\)$", "", str(e))
        print(case, text(e.library), text(e.reason), message, sep="\t")
    except Exception as e:  # the case's outcome is the data here
        print(case, "\\N", "\\N", f"{type(e).__name__}: {e}", sep="\t")

for code, name in sorted(getattr(ssl._ssl, "lib_codes_to_names", {}).items()):
    print("lib", code, name, sep="\t")
for (lib, code), name in sorted(getattr(ssl._ssl, "err_codes_to_names", {}).items()):
    print("reason", lib, code, name, sep="\t")
