package org.jossl.ssl;

import java.util.List;
import org.jossl.crypto.OpenSslError;
import org.jossl.internal.CryptoAccess;
import org.jossl.internal.ErrorEntry;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.TlsStatus;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * This face's error policy: CPython's {@code PySSL_SetError} (after an I/O call), {@code
 * _setSSLError} (after a configuration call) and {@code fill_and_set_sslerror} (the message and
 * attributes), rebuilt over jossl's engine statuses.
 */
final class Errors {
  private Errors() {}

  static final String EOF_TEXT = "EOF occurred in violation of protocol";

  @SuppressWarnings("unchecked")
  static List<OpenSslError> convert(List<ErrorEntry> entries) {
    return (List<OpenSslError>) CryptoAccess.get().publicErrors(entries);
  }

  /**
   * The exception Python raises after an I/O call that failed with {@code status} (never null for a
   * failure). {@code serverHostname} is for the verify message of host name mismatches; {@code
   * overSocket} tells an {@code SSLSocket} from an {@code SSLObject}, which Python reports
   * differently when OpenSSL gives up without a reason.
   */
  static SslException fromStatus(TlsStatus status, String serverHostname, boolean overSocket) {
    ErrorEntry e = status.last();
    List<OpenSslError> errors = convert(status.errors);
    int p;
    String text = null;
    Kind kind = Kind.PLAIN;
    switch (status.sslError) {
      case Constants.SSL_ERROR_ZERO_RETURN -> {
        kind = Kind.ZERO_RETURN;
        p = 6;
        text = "TLS/SSL connection has been closed (EOF)";
      }
      case Constants.SSL_ERROR_WANT_READ -> {
        kind = Kind.WANT_READ;
        p = 2;
        text = "The operation did not complete (read)";
      }
      case Constants.SSL_ERROR_WANT_WRITE -> {
        kind = Kind.WANT_WRITE;
        p = 3;
        text = "The operation did not complete (write)";
      }
      case Constants.SSL_ERROR_WANT_X509_LOOKUP -> {
        p = 4;
        text = "The operation did not complete (X509 lookup)";
      }
      case Constants.SSL_ERROR_WANT_CONNECT -> {
        p = 7;
        text = "The operation did not complete (connect)";
      }
      case Constants.SSL_ERROR_SYSCALL -> {
        if (e == null) {
          // Python: EOF when ret == 0; with ret == -1 a socket's errno decides (jossl's transport
          // raised any real I/O error already, so errno is 0: EOF); an SSLObject has no socket and
          // falls through to "Some I/O error occurred"
          if (status.ret == 0 || (overSocket && status.ret == -1)) {
            kind = Kind.EOF;
            p = 8;
            text = EOF_TEXT;
          } else {
            kind = Kind.SYSCALL;
            p = 5;
            text = "Some I/O error occurred";
          }
        } else {
          p = 5;
        }
      }
      case Constants.SSL_ERROR_SSL -> {
        p = 1;
        if (e != null && e.library() == Constants.ERR_LIB_SSL) {
          if (e.reason() == Constants.SSL_R_CERTIFICATE_VERIFY_FAILED) {
            kind = Kind.VERIFY;
          } else if (e.reason() == Constants.SSL_R_UNEXPECTED_EOF_WHILE_READING) {
            kind = Kind.EOF;
            p = 8;
            text = EOF_TEXT;
          }
        }
      }
      default -> {
        p = 10;
        text = "Invalid error code";
      }
    }
    SslException ex = build(kind, p, text, e, errors, status.verifyResult, serverHostname);
    if (status.callbackFailure != null) {
      ex.initCause(status.callbackFailure);
    }
    return ex;
  }

  private enum Kind {
    PLAIN,
    ZERO_RETURN,
    WANT_READ,
    WANT_WRITE,
    SYSCALL,
    EOF,
    VERIFY
  }

  private static SslException build(
      Kind kind,
      int errno,
      String text,
      ErrorEntry e,
      List<OpenSslError> errors,
      long verifyResult,
      String serverHostname) {
    String library = e == null ? null : e.libraryName();
    String reason = e == null ? null : e.reasonName();
    if (text == null) {
      text = e == null || e.reasonText() == null ? "unknown error" : e.reasonText();
    }
    String verifyMessage = null;
    Long verifyCode = null;
    if (kind == Kind.VERIFY) {
      verifyCode = verifyResult;
      if (verifyResult == Constants.X509_V_ERR_HOSTNAME_MISMATCH) {
        verifyMessage = "Hostname mismatch, certificate is not valid for '" + serverHostname + "'.";
      } else if (verifyResult == Constants.X509_V_ERR_IP_ADDRESS_MISMATCH) {
        verifyMessage =
            "IP address mismatch, certificate is not valid for '" + serverHostname + "'.";
      } else {
        verifyMessage = Memory.cString(LibCrypto.X509_verify_cert_error_string(verifyResult));
      }
    }
    String message = format(library, reason, text, verifyMessage);
    return switch (kind) {
      case ZERO_RETURN -> new SslZeroReturnException(errno, message, library, reason, errors);
      case WANT_READ -> new SslWantReadException(errno, message, library, reason, errors);
      case WANT_WRITE -> new SslWantWriteException(errno, message, library, reason, errors);
      case SYSCALL -> new SslSyscallException(errno, message, library, reason, errors);
      case EOF -> new SslEofException(errno, message, library, reason, errors);
      case VERIFY ->
          new SslCertVerificationException(
              errno, message, library, reason, errors, verifyCode, verifyMessage);
      case PLAIN -> new SslException(errno, message, library, reason, errors);
    };
  }

  /** {@code fill_and_set_sslerror}'s message, without CPython's {@code (_ssl.c:NNN)}. */
  static String format(String library, String reason, String text, String verifyMessage) {
    if (library != null && reason != null && verifyMessage != null) {
      return "[" + library + ": " + reason + "] " + text + ": " + verifyMessage;
    }
    if (library != null && reason != null) {
      return "[" + library + ": " + reason + "] " + text;
    }
    if (library != null) {
      return "[" + library + "] " + text;
    }
    return text;
  }

  /**
   * CPython's {@code _setSSLError(NULL, 0, ...)} after a configuration call: the newest queue
   * entry, with {@code errno} = its reason code (flags included).
   */
  static SslException fromQueue() {
    List<ErrorEntry> entries = ErrorQueue.drain();
    ErrorEntry e = entries.isEmpty() ? null : entries.getLast();
    int errno = e == null ? 0 : e.reason();
    String text = e == null || e.reasonText() == null ? "unknown error" : e.reasonText();
    String library = e == null ? null : e.libraryName();
    String reason = e == null ? null : e.reasonName();
    return new SslException(
        errno, format(library, reason, text, null), library, reason, convert(entries));
  }

  /** Throws {@link #fromQueue()} unless {@code ok}. */
  static void check(boolean ok) throws SslException {
    if (!ok) {
      throw fromQueue();
    }
  }

  /** CPython's {@code _setSSLError("text")}: {@code errno} 0, no library or reason. */
  static SslException fixed(String text) {
    ErrorQueue.clear();
    return new SslException(0, text, null, null, List.of());
  }
}
