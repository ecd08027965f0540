"""Prints, one JSON line per PEM file argument, what Python's ssl module decodes from it.

The value is json.dumps(ssl._ssl._test_decode_cert(path)) with tuples as arrays and bytes as
{"$bytes": "<hex>"}; where the decoder raises, {"error": {"type": ..., "message": ...}} with
CPython's " (_ssl.c:NNN)" location removed from the message.
"""
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


for path in sys.argv[1:]:
    try:
        out = plain(ssl._ssl._test_decode_cert(path))
    except Exception as e:  # the decoder's own exceptions are the data here
        message = re.sub(r" \(_ssl\.c:\d+\)$", "", str(e))
        out = {"error": {"type": type(e).__name__, "message": message}}
    print(json.dumps(out))
