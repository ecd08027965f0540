package org.jossl.crypto;

import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding that fails exactly where, and with the message, CPython's {@code
 * bytes.decode('utf-8')} does ({@code 'utf-8' codec can't decode byte 0xff in position 3: invalid
 * start byte}).
 */
final class PythonUtf8 {
  private PythonUtf8() {}

  static String decode(byte[] data) throws CertificateDecodeException {
    return decode(data, 0, data.length);
  }

  static String decode(byte[] data, int from, int to) throws CertificateDecodeException {
    int i = from;
    while (i < to) {
      int b = data[i] & 0xff;
      if (b < 0x80) {
        i++;
        continue;
      }
      if (b < 0xc2 || b > 0xf4) {
        throw error(data, from, i, i + 1, "invalid start byte");
      }
      int need = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
      for (int k = 1; k <= need; k++) {
        if (i + k >= to) {
          throw error(data, from, i, to, "unexpected end of data");
        }
        int c = data[i + k] & 0xff;
        boolean valid = c >= 0x80 && c <= 0xbf;
        if (k == 1) {
          if (b == 0xe0) {
            valid = c >= 0xa0 && c <= 0xbf;
          } else if (b == 0xed) {
            valid = c >= 0x80 && c <= 0x9f;
          } else if (b == 0xf0) {
            valid = c >= 0x90 && c <= 0xbf;
          } else if (b == 0xf4) {
            valid = c >= 0x80 && c <= 0x8f;
          }
        }
        if (!valid) {
          throw error(data, from, i, i + k, "invalid continuation byte");
        }
      }
      i += need + 1;
    }
    return new String(data, from, to - from, StandardCharsets.UTF_8);
  }

  private static CertificateDecodeException error(
      byte[] data, int from, int start, int end, String reason) {
    String where =
        end - start == 1
            ? String.format("byte 0x%02x in position %d", data[start] & 0xff, start - from)
            : String.format("bytes in position %d-%d", start - from, end - 1 - from);
    return new CertificateDecodeException(
        "UnicodeDecodeError", "'utf-8' codec can't decode " + where + ": " + reason);
  }
}
