package org.jossl.openssl;

import java.io.IOException;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import org.jossl.crypto.OpenSslError;
import org.jossl.internal.CryptoAccess;
import org.jossl.internal.ErrorEntry;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.TlsStatus;
import org.jossl.internal.ffi.Constants;

/**
 * This face's error policy, as pyOpenSSL's {@code _util.py} and {@code Connection._raise_ssl_error}
 * have it: the error queue becomes {@link OpenSslException}, an engine status becomes the exception
 * pyOpenSSL raises for it.
 */
final class Errors {
  private Errors() {}

  /** The error queue as public entries (the queue is empty afterwards). */
  static List<OpenSslError> drain() {
    return convert(ErrorQueue.drain());
  }

  @SuppressWarnings("unchecked")
  static List<OpenSslError> convert(List<ErrorEntry> entries) {
    return (List<OpenSslError>) CryptoAccess.get().publicErrors(entries);
  }

  /** pyOpenSSL's {@code _raise_current_error()}: the queue as an exception. */
  static OpenSslException fromQueue() {
    return new OpenSslException(drain());
  }

  /** pyOpenSSL's {@code _openssl_assert}: throws the queue if {@code ok} is false. */
  static void check(boolean ok) throws OpenSslException {
    if (!ok) {
      throw fromQueue();
    }
  }

  /**
   * The exception pyOpenSSL raises after an I/O call: first what a callback threw, then by {@code
   * SSL_get_error}. Returns normally only for {@code SSL_ERROR_NONE}.
   */
  static void raise(TlsStatus status) throws OpenSslException {
    Throwable callback = status.callbackFailure;
    if (callback != null) {
      rethrow(callback);
    }
    switch (status.sslError) {
      case Constants.SSL_ERROR_NONE -> {}
      case Constants.SSL_ERROR_WANT_READ -> throw new WantReadException();
      case Constants.SSL_ERROR_WANT_WRITE -> throw new WantWriteException();
      case Constants.SSL_ERROR_ZERO_RETURN -> throw new ZeroReturnException();
      case Constants.SSL_ERROR_WANT_X509_LOOKUP -> throw new WantX509LookupException();
      case Constants.SSL_ERROR_SYSCALL -> {
        if (status.errors.isEmpty()) {
          throw new SysCallException(-1, "Unexpected EOF", null);
        }
        throw new OpenSslException(convert(status.errors));
      }
      case Constants.SSL_ERROR_SSL -> {
        // pyOpenSSL looks at ERR_peek_error(): the oldest entry, not the newest
        ErrorEntry first = status.errors.isEmpty() ? null : status.errors.getFirst();
        if (first != null
            && first.library() == Constants.ERR_LIB_SSL
            && first.reason() == Constants.SSL_R_UNEXPECTED_EOF_WHILE_READING) {
          throw new SysCallException(-1, "Unexpected EOF", null);
        }
        throw new OpenSslException(convert(status.errors));
      }
      default -> throw new OpenSslException(convert(status.errors));
    }
  }

  /** Rethrows what a callback threw, unchanged where Java allows. */
  static void rethrow(Throwable t) throws OpenSslException {
    ErrorQueue.clear();
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof OpenSslException o) {
      throw o;
    }
    throw new CallbackException(t);
  }

  /** The network failed under TLS: pyOpenSSL's {@code SysCallError(errno, name)}. */
  static SysCallException syscall(IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (e instanceof SocketException) {
      if (message.contains("reset")) {
        return new SysCallException(104, "ECONNRESET", e);
      }
      if (message.contains("broken pipe")) {
        return new SysCallException(32, "EPIPE", e);
      }
      if (message.contains("refused")) {
        return new SysCallException(111, "ECONNREFUSED", e);
      }
      if (message.contains("closed")) {
        return new SysCallException(9, "EBADF", e);
      }
    }
    return new SysCallException(5, "EIO", e);
  }
}
