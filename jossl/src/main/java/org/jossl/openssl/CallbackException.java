package org.jossl.openssl;

/**
 * A checked exception thrown by one of the application's callbacks, rethrown from the call that ran
 * the callback (pyOpenSSL re-raises the callback's exception itself; Java needs a wrapper for
 * checked ones). The cause is the callback's exception.
 */
public final class CallbackException extends OpenSslException {
  private static final long serialVersionUID = 1L;

  CallbackException(Throwable cause) {
    super(String.valueOf(cause));
    initCause(cause);
  }
}
