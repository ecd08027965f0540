package org.jossl.crypto;

/**
 * Supplies the passphrase of an encrypted key when OpenSSL asks for it; pyOpenSSL accepts a
 * callable {@code (rwflag) -> bytes} in the same places.
 *
 * <p>OpenSSL: {@code pem_password_cb}
 */
@FunctionalInterface
public interface PassphraseCallback {
  /**
   * Returns the passphrase.
   *
   * @param forWriting true when a key is being encrypted (OpenSSL's {@code rwflag})
   * @return the passphrase bytes (UTF-8 for text); never null
   * @throws Exception to abort the load or dump; the exception is rethrown to its caller
   */
  byte[] passphrase(boolean forWriting) throws Exception;
}
