/**
 * jossl: Python's {@code ssl} module and pyOpenSSL's {@code OpenSSL.SSL} for Java, on the machine's
 * own OpenSSL 3 through the Foreign Function &amp; Memory API.
 *
 * <p>Floors, from the bottom: {@code org.jossl.internal.ffi} (the only place that holds method
 * handles), {@code org.jossl.internal} (native owners, error queue, the engine), {@code
 * org.jossl.crypto} (pyOpenSSL's {@code OpenSSL.crypto}), {@code org.jossl.openssl} (pyOpenSSL's
 * {@code OpenSSL.SSL}) and {@code org.jossl.ssl} (Python's {@code ssl}). The internal packages are
 * not exported.
 */
module org.jossl {
  exports org.jossl.crypto;
  exports org.jossl.openssl;
  exports org.jossl.ssl;
}
