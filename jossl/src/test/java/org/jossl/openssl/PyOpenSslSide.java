package org.jossl.openssl;

import java.util.List;
import java.util.Map;
import org.jossl.testing.JsonPeer;

/**
 * pyOpenSSL's {@code OpenSSL.SSL}, in Debian's system Python, driven through {@code
 * peers/pyopenssl_tls.py}: one process per test class.
 */
final class PyOpenSslSide implements TlsSide {
  private final JsonPeer peer;
  private final Map<String, Object> hello;

  PyOpenSslSide(TestPki pki) {
    this.peer = JsonPeer.pyOpenSsl("pyopenssl_tls.py");
    this.hello = peer.callMap("hello");
    for (String name : pki.certs.keySet()) {
      String[] pem = pki.pem(name);
      peer.call("pki", "name", name, "cert", pem[0], "key", pem[1]);
    }
  }

  /** The peer process, for the socket-mode operations. */
  JsonPeer peer() {
    return peer;
  }

  @Override
  public String label() {
    return "pyOpenSSL";
  }

  @Override
  public String pyOpenSslVersion() {
    return (String) hello.get("pyopenssl");
  }

  /** Whether pyOpenSSL (at least {@code major.minor}) is running. */
  boolean atLeast(int major, int minor) {
    String[] v = pyOpenSslVersion().split("\\.");
    int ma = Integer.parseInt(v[0]);
    int mi = Integer.parseInt(v[1]);
    return ma > major || (ma == major && mi >= minor);
  }

  /** Whether the cryptography bindings offer {@code function} (for the virtual observations). */
  @SuppressWarnings("unchecked")
  boolean hasBinding(String function) {
    return Boolean.TRUE.equals(((Map<String, Object>) hello.get("bindings")).get(function));
  }

  /** Whether pyOpenSSL's Context or Connection has {@code method}. */
  @SuppressWarnings("unchecked")
  boolean has(String method) {
    return Boolean.TRUE.equals(((Map<String, Object>) hello.get("has")).get(method));
  }

  /** Whether pyOpenSSL's Connection itself (not only its Context) has {@code method}. */
  @SuppressWarnings("unchecked")
  boolean connectionHas(String method) {
    return Boolean.TRUE.equals(((Map<String, Object>) hello.get("connection_has")).get(method));
  }

  /** A value of the peer's hello answer ("version_number", "runtime_version_number", …). */
  Object hello(String key) {
    return hello.get(key);
  }

  @Override
  public Outcome context(String name, String method) {
    return Outcome.fromPeer(peer.call("context", "name", name, "method", method));
  }

  @Override
  public Outcome connection(String name, String context) {
    return Outcome.fromPeer(peer.call("connection", "name", name, "context", context));
  }

  @Override
  public Outcome call(String target, String method, List<Object> args) {
    return Outcome.fromPeer(peer.call("call", "target", target, "method", method, "args", args));
  }

  @Override
  public Outcome callback(String target, String kind, Object behaviour, Object data, int mode) {
    return Outcome.fromPeer(
        peer.call(
            "callback",
            "target",
            target,
            "kind",
            kind,
            "behaviour",
            behaviour,
            "data",
            data,
            "mode",
            mode));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Object> events() {
    return (List<Object>) peer.call("events");
  }

  @Override
  public void reset() {
    peer.call("reset");
  }

  @Override
  public void close() {
    peer.close();
  }
}
