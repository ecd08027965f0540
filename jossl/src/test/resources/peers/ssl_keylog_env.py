"""SSLKEYLOGFILE and create_default_context in upstream CPython (the oracle for jossl's).

Usage: ssl_keylog_env.py PORT CAFILE   prints one JSON object: keylog_filename of
create_default_context() (SERVER_AUTH, with CAFILE), of create_default_context(CLIENT_AUTH) and of a
plain SSLContext(PROTOCOL_TLS_CLIENT), and the version of one handshake with the first context to a
server on 127.0.0.1:PORT (server_hostname "localhost"), so that the key log file gets its lines.
"""
import json
import socket
import ssl
import sys

port, cafile = int(sys.argv[1]), sys.argv[2]
client = ssl.create_default_context(cafile=cafile)
out = {
    "client": client.keylog_filename,
    "server": ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).keylog_filename,
    "plain": ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).keylog_filename,
}
with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
    with client.wrap_socket(raw, server_hostname="localhost") as s:
        out["version"] = s.version()
print(json.dumps(out))
