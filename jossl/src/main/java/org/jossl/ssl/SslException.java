package org.jossl.ssl;

import java.util.List;
import javax.net.ssl.SSLException;
import org.jossl.crypto.OpenSslError;

/**
 * A TLS error; Python's {@code ssl.SSLError}, with its attributes: {@link #errno()} ({@code
 * args[0]}: Python's {@code SSL_ERROR_*} number for I/O errors, OpenSSL's reason code for
 * configuration errors, null for errors Python raises with a bare message), {@link #getMessage()}
 * ({@code strerror}, without CPython's {@code (_ssl.c:NNN)} location), {@link #library()} and
 * {@link #reason()} (the OpenSSL mnemonics, e.g. {@code SSL} and {@code
 * CERTIFICATE_VERIFY_FAILED}), and OpenSSL's whole error queue in {@link #errors()}.
 *
 * <p>It extends {@link SSLException}, so existing {@code catch (SSLException e)} blocks see it.
 */
public class SslException extends SSLException {
  private static final long serialVersionUID = 1L;

  private final Integer errno;
  private final String library;
  private final String reason;
  private final transient List<OpenSslError> errors;

  /**
   * An error with Python's {@code args = (errno, message)} and attributes.
   *
   * @param errno {@code args[0]}, or null for a one-argument error
   */
  public SslException(
      Integer errno, String message, String library, String reason, List<OpenSslError> errors) {
    super(message);
    this.errno = errno;
    this.library = library;
    this.reason = reason;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** A one-argument error, as Python raises with a bare message ({@code SSLError("...")}). */
  public SslException(String message) {
    this(null, message, null, null, List.of());
  }

  /** Python's {@code errno} ({@code args[0]}), or null for a one-argument error. */
  public Integer errno() {
    return errno;
  }

  /** Python's {@code strerror}: the message. */
  public String strerror() {
    return getMessage();
  }

  /** Python's {@code library}: OpenSSL's library mnemonic ("SSL", "PEM"), or null. */
  public String library() {
    return library;
  }

  /** Python's {@code reason}: OpenSSL's reason mnemonic ("WRONG_VERSION_NUMBER"), or null. */
  public String reason() {
    return reason;
  }

  /** OpenSSL's error queue at the time of the failure, oldest first (may be empty). */
  public List<OpenSslError> errors() {
    return errors;
  }

  /**
   * What Python's {@code str(e)} gives, without the {@code (_ssl.c:NNN)} location: the message, or
   * for a one-argument error the tuple {@code ('message',)}.
   */
  public String pythonStr() {
    if (errno == null) {
      return "(" + pyRepr(getMessage()) + ",)";
    }
    return getMessage();
  }

  /** Python's {@code repr()} of a {@code str}. */
  static String pyRepr(String s) {
    String quote = s.contains("'") && !s.contains("\"") ? "\"" : "'";
    StringBuilder b = new StringBuilder(quote);
    s.codePoints()
        .forEach(
            c -> {
              if (c == '\\' || c == quote.charAt(0)) {
                b.append('\\').appendCodePoint(c);
              } else if (c == '\t') {
                b.append("\\t");
              } else if (c == '\n') {
                b.append("\\n");
              } else if (c == '\r') {
                b.append("\\r");
              } else if (c < ' ' || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
              } else if (c < 0x7f || isPrintable(c)) {
                b.appendCodePoint(c);
              } else if (c <= 0xff) {
                b.append(String.format("\\x%02x", c));
              } else if (c <= 0xffff) {
                b.append(String.format("\\u%04x", c));
              } else {
                b.append(String.format("\\U%08x", c));
              }
            });
    return b.append(quote).toString();
  }

  /** Python's {@code str.isprintable()} for one character (space is the only printable Zs). */
  private static boolean isPrintable(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          c == ' ';
      default -> true;
    };
  }
}
