package org.jossl.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A minimal DER writer for the extension values the certificate builders emit. It writes exactly
 * what it is given, so tests can also build the odd encodings real certificates contain.
 */
final class Der {
  private Der() {}

  static final int BOOLEAN = 0x01;
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int OID = 0x06;
  static final int ENUMERATED = 0x0a;
  static final int SEQUENCE = 0x30;

  /** A TLV with {@code tag} around the concatenated {@code parts}. */
  static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    byte[] c = content.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream(c.length + 6);
    out.write(tag);
    writeLength(out, c.length);
    out.writeBytes(c);
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
      return;
    }
    int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
    out.write(0x80 | bytes);
    for (int i = bytes - 1; i >= 0; i--) {
      out.write(length >>> (8 * i));
    }
  }

  static byte[] sequence(byte[]... parts) {
    return tlv(SEQUENCE, parts);
  }

  static byte[] integer(BigInteger value) {
    return tlv(INTEGER, value.toByteArray());
  }

  static byte[] bool(boolean value) {
    return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0)});
  }

  static byte[] octetString(byte[] value) {
    return tlv(OCTET_STRING, value);
  }

  static byte[] enumerated(int value) {
    return tlv(ENUMERATED, BigInteger.valueOf(value).toByteArray());
  }

  /** A BIT STRING of named bits (bit 0 first), trailing zero bits dropped as DER requires. */
  static byte[] namedBits(boolean[] bits) {
    int last = -1;
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        last = i;
      }
    }
    if (last < 0) {
      return tlv(BIT_STRING, new byte[] {0});
    }
    int bytes = last / 8 + 1;
    byte[] content = new byte[bytes + 1];
    content[0] = (byte) (7 - last % 8);
    for (int i = 0; i <= last; i++) {
      if (bits[i]) {
        content[1 + i / 8] |= (byte) (0x80 >>> (i % 8));
      }
    }
    return tlv(BIT_STRING, content);
  }

  /** The content octets of an OBJECT IDENTIFIER in dotted form. */
  static byte[] oidContent(String dotted) {
    String[] arcs = dotted.split("\\.");
    if (arcs.length < 2) {
      throw new IllegalArgumentException("not a dotted OID: " + dotted);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BigInteger first =
        new BigInteger(arcs[0]).multiply(BigInteger.valueOf(40)).add(new BigInteger(arcs[1]));
    writeBase128(out, first);
    for (int i = 2; i < arcs.length; i++) {
      writeBase128(out, new BigInteger(arcs[i]));
    }
    return out.toByteArray();
  }

  private static void writeBase128(ByteArrayOutputStream out, BigInteger v) {
    if (v.signum() < 0) {
      throw new IllegalArgumentException("negative OID arc");
    }
    int groups = Math.max(1, (v.bitLength() + 6) / 7);
    for (int g = groups - 1; g >= 0; g--) {
      int b = v.shiftRight(7 * g).intValue() & 0x7f;
      out.write(g == 0 ? b : b | 0x80);
    }
  }

  static byte[] oid(String dotted) {
    return tlv(OID, oidContent(dotted));
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
