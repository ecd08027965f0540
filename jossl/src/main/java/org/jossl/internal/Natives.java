package org.jossl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Macros;
import org.jossl.internal.ffi.Memory;

/**
 * Small native idioms shared by every floor above: memory BIOs, DER encoding through {@code i2d_*},
 * ASN.1 strings and object names. They report failure by returning null; the caller drains the
 * error queue into its own exception type.
 */
public final class Natives {
  private Natives() {}

  /** A new empty memory BIO, or NULL. The caller frees it with {@code BIO_free}. */
  public static MemorySegment newMemoryBio() {
    return LibCrypto.BIO_new(LibCrypto.BIO_s_mem());
  }

  /** Everything written to memory BIO {@code bio} so far. */
  public static byte[] bioContents(MemorySegment bio) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment pp = Memory.pointerSlot(arena);
      long n = Macros.BIO_get_mem_data(bio, pp);
      return n <= 0 ? new byte[0] : Memory.bytes(Memory.pointer(pp), n);
    }
  }

  /**
   * {@code BIO_gets(bio, buf, size)}: one line (with its newline) of at most {@code size - 1}
   * bytes, or null if BIO_gets failed.
   */
  public static byte[] bioGets(MemorySegment bio, int size) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(size);
      int n = LibCrypto.BIO_gets(bio, buf, size);
      if (n < 0) {
        return null;
      }
      return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }
  }

  /** A pair of functions in the {@code i2d_TYPE(const TYPE *a, unsigned char **out)} family. */
  @FunctionalInterface
  public interface I2d {
    /** Calls the i2d function. */
    int apply(MemorySegment object, MemorySegment out);
  }

  /** The DER encoding of {@code object} by {@code i2d}, or null if it failed. */
  public static byte[] i2d(MemorySegment object, I2d i2d) {
    int length = i2d.apply(object, MemorySegment.NULL);
    if (length < 0) {
      return null;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(Math.max(1, length));
      MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
      slot.set(ValueLayout.ADDRESS, 0, buf);
      int written = i2d.apply(object, slot);
      if (written != length) {
        return null;
      }
      return buf.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }
  }

  /** A function in the {@code d2i_TYPE(TYPE **a, const unsigned char **in, long len)} family. */
  @FunctionalInterface
  public interface D2i {
    /** Calls the d2i function. */
    MemorySegment apply(MemorySegment reuse, MemorySegment in, long length);
  }

  /** Decodes {@code der} with {@code d2i}; NULL if it failed. Trailing bytes are ignored. */
  public static MemorySegment d2i(byte[] der, D2i d2i) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = Memory.copy(arena, der);
      MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
      slot.set(ValueLayout.ADDRESS, 0, buf);
      return d2i.apply(MemorySegment.NULL, slot, der.length);
    }
  }

  /** The raw bytes of an {@code ASN1_STRING}. */
  public static byte[] asn1Data(MemorySegment string) {
    int length = LibCrypto.ASN1_STRING_length(string);
    return Memory.bytes(LibCrypto.ASN1_STRING_get0_data(string), Math.max(0, length));
  }

  /** {@code ASN1_STRING_to_UTF8}: the string converted to UTF-8 by OpenSSL, or null on failure. */
  public static byte[] asn1ToUtf8(MemorySegment string) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = Memory.pointerSlot(arena);
      int n = LibCrypto.ASN1_STRING_to_UTF8(out, string);
      if (n < 0) {
        return null;
      }
      MemorySegment p = Memory.pointer(out);
      try {
        return Memory.bytes(p, n);
      } finally {
        freeOpenSsl(p);
      }
    }
  }

  /**
   * {@code OBJ_obj2txt(buf, len, obj, noName)} with a buffer as large as needed: the long name (or
   * dotted OID if {@code noName} or unknown). Null on failure.
   */
  public static String objectText(MemorySegment object, boolean noName) {
    try (Arena arena = Arena.ofConfined()) {
      int size = 256;
      MemorySegment buf = arena.allocate(size);
      int n = LibCrypto.OBJ_obj2txt(buf, size, object, noName ? 1 : 0);
      if (n < 0) {
        return null;
      }
      if (n > size - 1) {
        size = n + 1;
        buf = arena.allocate(size);
        n = LibCrypto.OBJ_obj2txt(buf, size, object, noName ? 1 : 0);
        if (n < 0) {
          return null;
        }
      }
      return new String(
          buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
          java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** {@code OPENSSL_free(p)}. */
  public static void freeOpenSsl(MemorySegment p) {
    if (!Memory.isNull(p)) {
      LibCrypto.CRYPTO_free(p, MemorySegment.NULL, 0);
    }
  }

  /** Number of elements of an OpenSSL stack (0 for NULL). */
  public static int stackSize(MemorySegment stack) {
    return Memory.isNull(stack) ? 0 : LibCrypto.OPENSSL_sk_num(stack);
  }

  /** Element {@code i} of an OpenSSL stack. */
  public static MemorySegment stackValue(MemorySegment stack, int i) {
    return LibCrypto.OPENSSL_sk_value(stack, i);
  }
}
