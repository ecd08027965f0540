package org.jossl.openssl;

import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.jossl.crypto.OpenSslError;

/**
 * A TLS failure with OpenSSL's error queue; pyOpenSSL's {@code OpenSSL.SSL.Error}. The message is
 * what {@code str(error)} gives in pyOpenSSL: the list of {@code (lib, func, reason)} tuples, e.g.
 * {@code [('SSL routines', '', 'certificate verify failed')]}. It extends {@link SSLException}, so
 * existing {@code catch (SSLException e)} blocks see it.
 */
public class OpenSslException extends SSLException {
  private static final long serialVersionUID = 1L;

  private final transient List<OpenSslError> errors;

  /** An exception carrying OpenSSL's error entries. */
  public OpenSslException(List<OpenSslError> errors) {
    super(render(errors));
    this.errors = List.copyOf(errors);
  }

  /** An exception carrying entries, with the message pyOpenSSL gives an error it makes itself. */
  OpenSslException(String message, List<OpenSslError> errors) {
    super(message);
    this.errors = List.copyOf(errors);
  }

  /** An exception with a message of its own and no OpenSSL entries. */
  protected OpenSslException(String message) {
    super(message);
    this.errors = List.of();
  }

  /** OpenSSL's error entries, oldest first (pyOpenSSL's {@code args[0]}). */
  public List<OpenSslError> errors() {
    return errors;
  }

  /** The newest entry, or null. */
  public OpenSslError lastError() {
    return errors.isEmpty() ? null : errors.getLast();
  }

  static String render(List<OpenSslError> errors) {
    return errors.stream().map(OpenSslError::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
