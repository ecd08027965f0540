package org.jossl.crypto;

/**
 * One entry of OpenSSL's error queue, as carried by {@link CryptoException#errors()} and by the
 * exceptions of the TLS faces.
 *
 * <p>{@link #toString()} is the tuple pyOpenSSL puts in {@code Error.args[0]}, e.g. {@code ('PEM
 * routines', '', 'no start line')}; {@link #pythonMessage()} is the message Python's ssl module
 * builds, e.g. {@code [PEM: NO_START_LINE] no start line}.
 *
 * @param code the packed error code ({@code ERR_get_error_all})
 * @param library {@code ERR_GET_LIB(code)}
 * @param reason {@code ERR_GET_REASON(code)} (the errno for a system error)
 * @param libraryName Python's {@code SSLError.library} mnemonic ("SSL", "PEM"), or null
 * @param reasonName Python's {@code SSLError.reason} mnemonic ("NO_START_LINE"), or null
 * @param libraryText {@code ERR_lib_error_string} ("PEM routines"), or null
 * @param reasonText {@code ERR_reason_error_string} ("no start line"), or null
 * @param function the C function that raised the error, or "" if OpenSSL did not record it
 * @param file the OpenSSL source file, or null
 * @param line the OpenSSL source line
 * @param data extra text OpenSSL attached to the error, or null
 */
public record OpenSslError(
    long code,
    int library,
    int reason,
    String libraryName,
    String reasonName,
    String libraryText,
    String reasonText,
    String function,
    String file,
    int line,
    String data) {

  /**
   * Python's message for this entry: {@code "[LIB: REASON] text"}, {@code "[LIB] text"} when the
   * reason has no mnemonic, or just the text.
   */
  public String pythonMessage() {
    String text = reasonText != null ? reasonText : "unknown error";
    if (libraryName != null && reasonName != null) {
      return "[" + libraryName + ": " + reasonName + "] " + text;
    }
    if (libraryName != null) {
      return "[" + libraryName + "] " + text;
    }
    return text;
  }

  /**
   * pyOpenSSL's tuple {@code (lib, func, reason)}. OpenSSL 3 keeps no function names for
   * pyOpenSSL's {@code ERR_func_error_string}, so the middle element is always {@code ''}.
   */
  @Override
  public String toString() {
    return "(" + pyRepr(libraryText) + ", '', " + pyRepr(reasonText) + ")";
  }

  static String pyRepr(String s) {
    if (s == null) {
      return "''";
    }
    String quote = s.contains("'") && !s.contains("\"") ? "\"" : "'";
    StringBuilder b = new StringBuilder(quote);
    for (char c : s.toCharArray()) {
      if (c == '\\') {
        b.append("\\\\");
      } else if (String.valueOf(c).equals(quote)) {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(quote).toString();
  }
}
