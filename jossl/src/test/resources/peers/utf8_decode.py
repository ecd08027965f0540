"""Prints, one JSON line per hex argument, what bytes.fromhex(arg).decode('utf-8') gives:
{"ok": <text>} or {"error": <str(UnicodeDecodeError)>}.
"""
import json
import sys

for arg in sys.argv[1:]:
    try:
        out = {"ok": bytes.fromhex(arg).decode("utf-8")}
    except UnicodeDecodeError as e:
        out = {"error": str(e)}
    print(json.dumps(out))
