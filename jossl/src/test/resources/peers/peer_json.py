"""Bytes in the JSON the peer scripts speak: {"$bytes": HEX}, both ways.

Shared by the scripts of this folder; org.jossl.testing.Peers copies it beside each script it
starts, so that `import peer_json` finds it.
"""


def enc(value, other=None):
    """value for json.dumps: bytes as {"$bytes": HEX}, through lists, tuples and dicts (keys as
    text); any other value as other(value) gives it, or as it is when there is no other."""
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": bytes(value).hex()}
    if isinstance(value, (list, tuple)):
        return [enc(v, other) for v in value]
    if isinstance(value, dict):
        return {str(k): enc(v, other) for k, v in value.items()}
    return value if other is None else other(value)


def dec(value):
    """What json.loads gave, with every {"$bytes": HEX} as bytes."""
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return bytes.fromhex(value["$bytes"])
        return {k: dec(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dec(v) for v in value]
    return value


def ssl_error_fields(e, out):
    """out with what a Python ssl.SSLError e carries beside its message (errno, library, reason;
    verify_code and verify_message for a certificate that did not verify); out as it was for any
    other exception."""
    import ssl

    if isinstance(e, ssl.SSLError):
        out["errno"] = e.errno
        out["library"] = e.library
        out["reason"] = e.reason
        if isinstance(e, ssl.SSLCertVerificationError):
            out["verify_code"] = e.verify_code
            out["verify_message"] = e.verify_message
    return out
