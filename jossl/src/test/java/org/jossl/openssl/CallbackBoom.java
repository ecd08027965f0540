package org.jossl.openssl;

/**
 * What a test callback in "raise" mode throws; the pyOpenSSL peer raises an exception class of the
 * same name, so the two can be compared by class name and message.
 */
final class CallbackBoom extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CallbackBoom(String kind) {
    super(kind);
  }
}
