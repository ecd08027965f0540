"""Prints, one JSON line per PEM file argument, what Python's ssl module decodes from it.

The value is json.dumps(ssl._ssl._test_decode_cert(path)) with tuples as arrays and bytes as
{"$bytes": "<hex>"}; where the decoder raises, {"error": {"type": ..., "message": ...}} with
CPython's " (_ssl.c:NNN)" location removed from the message.

_test_decode_cert never clears OpenSSL's (thread-local) error queue, so an SSLError would report a
stale entry left by an earlier file that failed to load; the queue is cleared before each file so
that every file is decoded as if alone, as jossl decodes it.
"""
import ctypes
import ctypes.util
import json
import re
import ssl
import sys


def plain(value):
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    return value


# the libcrypto _ssl is linked with (already loaded, so this is the same instance)
libcrypto = ctypes.CDLL(ctypes.util.find_library("crypto") or "libcrypto.so.3")
libcrypto.ERR_clear_error.restype = None
libcrypto.ERR_clear_error.argtypes = []

for path in sys.argv[1:]:
    libcrypto.ERR_clear_error()
    try:
        out = plain(ssl._ssl._test_decode_cert(path))
    except Exception as e:  # the decoder's own exceptions are the data here
        message = re.sub(r" \(_ssl\.c:\d+\)$", "", str(e))
        out = {"error": {"type": type(e).__name__, "message": message}}
    print(json.dumps(out))
