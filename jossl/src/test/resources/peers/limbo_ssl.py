"""x509-limbo cases as TLS handshakes between two Python ssl.SSLObjects, for LimboSslTest.

Usage: limbo_ssl.py JOBS.json   prints one JSON list with the answer to every job, in order.
Run with upstream CPython (the oracle for Python's ssl).

A job: {"kind": "SERVER" | "CLIENT", "context": "new" | "default", "cadata": PEM,
"crlfile": PATH | null, "verify_flags": INT, "hostname": NAME | null, "peer_chain": PATH,
"peer_key": PATH, "own_chain": PATH | null, "own_key": PATH | null}.

The verifier's context is SSLContext(PROTOCOL_TLS_CLIENT or PROTOCOL_TLS_SERVER) with
load_verify_locations(cadata=cadata) ("new"), or create_default_context(Purpose.SERVER_AUTH or
CLIENT_AUTH, cadata=cadata) ("default"); the other side's is a plain SSLContext. SERVER: the
client verifies (check_hostname only when there is a hostname) and the server presents
peer_chain/peer_key. CLIENT: the server verifies (CERT_REQUIRED) and presents own_chain/own_key;
the client presents peer_chain/peer_key and verifies nothing.

The answer maps each step to {"ok": VALUE} or {"raised": ERROR}, in order, and stops after the
first step that raised: "trust" (the verifier's context and its anchors), "crls"
(load_verify_locations(cafile=crlfile), then verify_flags |= verify_flags), "settings" (the
verifier's verify_mode, verify_flags, check_hostname, _host_flags, hostname_checks_common_name,
options, security_level, minimum/maximum_version), "own_chain",
"peer_chain" (load_cert_chain), "wrap" (both wrap_bio), "handshake" ({"client": R, "server": R}
after the pump below, R being "done", "want_read" or an ERROR), "after" (when one side is done and
the other failed: the done side's read(16)), and when both are done "client"/"server":
{"version", "peercert": json.dumps(getpeercert())}.

The pump (LimboSslTest does the same): up to 12 rounds of: client do_handshake unless finished,
client's outgoing bytes into the server's incoming, server do_handshake unless finished, server's
outgoing into the client's incoming; stop when both sides are finished (done or failed).

ERROR is {"type", "str", "errno", "library", "reason", "verify_code", "verify_message"}, the texts
without CPython's " (_ssl.c:NNN)" location.
"""
import json
import re
import ssl
import sys

from peer_json import ssl_error_fields

LOCATION = re.compile(r" \(_ssl\.c:\d+\)$")


def error(e):
    return ssl_error_fields(e, {"type": type(e).__name__, "str": LOCATION.sub("", str(e))})


class Stop(Exception):
    pass


def step(answer, name, fn):
    try:
        answer[name] = {"ok": fn()}
    except Exception as e:  # noqa: BLE001  (the failure is the data)
        answer[name] = {"raised": error(e)}
        raise Stop()


def pump(ends):
    state = {"client": None, "server": None}
    for _ in range(12):
        for side, other in (("client", "server"), ("server", "client")):
            obj, _incoming, outgoing = ends[side]
            if state[side] is None:
                try:
                    obj.do_handshake()
                    state[side] = "done"
                except ssl.SSLWantReadError:
                    pass
                except Exception as e:  # noqa: BLE001
                    state[side] = error(e)
            data = outgoing.read()
            if data:
                ends[other][1].write(data)
        if all(v is not None for v in state.values()):
            break
    return {k: "want_read" if v is None else v for k, v in state.items()}


def run(job):
    answer = {}
    serving = job["kind"] == "SERVER"
    contexts = {}

    def trust():
        if job["context"] == "default":
            purpose = ssl.Purpose.SERVER_AUTH if serving else ssl.Purpose.CLIENT_AUTH
            contexts["verifier"] = ssl.create_default_context(purpose, cadata=job["cadata"])
        else:
            method = ssl.PROTOCOL_TLS_CLIENT if serving else ssl.PROTOCOL_TLS_SERVER
            contexts["verifier"] = ssl.SSLContext(method)
            contexts["verifier"].load_verify_locations(cadata=job["cadata"])

    try:
        step(answer, "trust", trust)
        verifier = contexts["verifier"]
        if serving:
            client = verifier
            client.check_hostname = job["hostname"] is not None
            server = presenter = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        else:
            server = verifier
            server.verify_mode = ssl.CERT_REQUIRED
            client = presenter = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            client.check_hostname = False
            client.verify_mode = ssl.CERT_NONE
        if job["crlfile"] is not None:

            def crls():
                verifier.load_verify_locations(cafile=job["crlfile"])
                verifier.verify_flags |= job["verify_flags"]

            step(answer, "crls", crls)
        step(
            answer,
            "settings",
            lambda: {
                "verify_mode": int(verifier.verify_mode),
                "verify_flags": int(verifier.verify_flags),
                "check_hostname": verifier.check_hostname,
                "host_flags": verifier._host_flags,
                "hostname_checks_common_name": verifier.hostname_checks_common_name,
                "options": int(verifier.options),
                "security_level": verifier.security_level,
                "minimum_version": int(verifier.minimum_version),
                "maximum_version": int(verifier.maximum_version),
            },
        )
        if job["own_chain"] is not None:
            step(
                answer, "own_chain", lambda: server.load_cert_chain(job["own_chain"], job["own_key"])
            )
        step(
            answer,
            "peer_chain",
            lambda: presenter.load_cert_chain(job["peer_chain"], job["peer_key"]),
        )
        ends = {}

        def wrap():
            for side, ctx in (("client", client), ("server", server)):
                incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
                obj = ctx.wrap_bio(
                    incoming,
                    outgoing,
                    server_side=side == "server",
                    server_hostname=job["hostname"] if side == "client" else None,
                )
                ends[side] = (obj, incoming, outgoing)

        step(answer, "wrap", wrap)
        result = pump(ends)
        answer["handshake"] = {"ok": result}
        done = [side for side, r in result.items() if r == "done"]
        if len(done) == 1 and isinstance(result[other_side(done[0])], dict):
            step(answer, "after", lambda: ends[done[0]][0].read(16).hex())
        if len(done) == 2:
            for side in ("client", "server"):
                obj = ends[side][0]
                step(
                    answer,
                    side,
                    lambda: {"version": obj.version(), "peercert": json.dumps(obj.getpeercert())},
                )
    except Stop:
        pass
    return answer


def other_side(side):
    return "server" if side == "client" else "client"


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    print(json.dumps([run(job) for job in jobs]))


if __name__ == "__main__":
    main()
