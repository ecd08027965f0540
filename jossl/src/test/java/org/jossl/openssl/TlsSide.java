package org.jossl.openssl;

import java.util.List;

/**
 * One TLS library's objects, driven by name and pyOpenSSL's method names, so that one scenario can
 * run on pyOpenSSL ({@link PyOpenSslSide}, in a peer process) and on jossl ({@link JosslSide}, in
 * this JVM) and the two be compared step by step.
 *
 * <p>Arguments are JSON-like values: numbers, {@code byte[]}, strings, lists, null, and tokens
 * naming shared material: {@code {"$cert": NAME}}, {@code {"$key": NAME}}, {@code {"$subject":
 * NAME}} (the certificate's subject name), and {@code {"$ref": NAME}} for an object the side keeps.
 */
interface TlsSide extends AutoCloseable {
  /** "pyOpenSSL" or "jossl". */
  String label();

  /** The pyOpenSSL version this side behaves as (jossl: the peer's, for feature checks). */
  String pyOpenSslVersion();

  /** Makes {@code SSL.Context(SSL.<method>)} under {@code name}. */
  Outcome context(String name, String method);

  /** Makes a memory-BIO {@code SSL.Connection(context, None)} under {@code name}. */
  Outcome connection(String name, String context);

  /** Calls {@code target.method(*args)}. */
  Outcome call(String target, String method, List<Object> args);

  /**
   * Installs a recording callback on a context or connection.
   *
   * @param kind verify, info, alpn_select, ocsp_server, ocsp_client, servername, passwd, keylog
   * @param behaviour what it answers: "record" (OpenSSL's verdict), "accept", "reject", "raise"
   *     (throws {@link CallbackBoom}), "NO_OVERLAPPING_PROTOCOLS", or bytes / a boolean to return
   * @param data the data argument of set_ocsp_*_callback / set_passwd_cb
   * @param mode the verify mode (kind verify only)
   */
  Outcome callback(String target, String kind, Object behaviour, Object data, int mode);

  /** What the callbacks recorded since the last call, in order; each a list. */
  List<Object> events();

  /** Forgets every object (the material stays). */
  void reset();

  @Override
  default void close() {}
}
