package org.jossl.internal.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Reading and writing C memory that OpenSSL hands out: NUL-terminated strings, pointer
 * out-parameters, buffers of known length. These are the only places that widen a zero-length
 * pointer from a downcall ({@code reinterpret}).
 */
public final class Memory {
  private Memory() {}

  /** A C string's bytes up to (not including) its NUL; {@code null} for a NULL pointer. */
  public static byte[] cStringBytes(MemorySegment s) {
    if (s == null || s.equals(MemorySegment.NULL)) {
      return null;
    }
    MemorySegment wide = s.reinterpret(Long.MAX_VALUE);
    long n = 0;
    while (wide.get(ValueLayout.JAVA_BYTE, n) != 0) {
      n++;
    }
    return wide.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
  }

  /** A C string decoded as UTF-8 (malformed bytes replaced); {@code null} for a NULL pointer. */
  public static String cString(MemorySegment s) {
    byte[] b = cStringBytes(s);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** {@code length} bytes at {@code p}. */
  public static byte[] bytes(MemorySegment p, long length) {
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("bad native length " + length);
    }
    if (length == 0) {
      return new byte[0];
    }
    return p.reinterpret(length).toArray(ValueLayout.JAVA_BYTE);
  }

  /** Copies {@code n} bytes of {@code src} into the native buffer {@code p} of {@code capacity}. */
  public static void write(MemorySegment p, long capacity, byte[] src, int n) {
    if (n < 0 || n > capacity || n > src.length) {
      throw new IndexOutOfBoundsException("write of " + n + " bytes into " + capacity);
    }
    MemorySegment.copy(src, 0, p.reinterpret(capacity), ValueLayout.JAVA_BYTE, 0, n);
  }

  /** A NUL-terminated copy of {@code s} (UTF-8) in {@code arena}. */
  public static MemorySegment cString(Arena arena, String s) {
    return arena.allocateFrom(s, StandardCharsets.UTF_8);
  }

  /** A NUL-terminated copy of {@code b} in {@code arena}. */
  public static MemorySegment cString(Arena arena, byte[] b) {
    MemorySegment m = arena.allocate(b.length + 1L);
    MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
    return m;
  }

  /** A copy of {@code b} in {@code arena} (at least one byte, so never NULL). */
  public static MemorySegment copy(Arena arena, byte[] b) {
    MemorySegment m = arena.allocate(Math.max(1, b.length));
    MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
    return m;
  }

  /** A fresh pointer-sized out-parameter, initialised to NULL. */
  public static MemorySegment pointerSlot(Arena arena) {
    MemorySegment slot = arena.allocate(Binder.C_POINTER);
    slot.set(Binder.C_POINTER, 0, MemorySegment.NULL);
    return slot;
  }

  /** Reads a pointer out-parameter. */
  public static MemorySegment pointer(MemorySegment slot) {
    return slot.get(Binder.C_POINTER, 0);
  }

  /** Reads a pointer field at {@code offset} of the struct at {@code struct}. */
  public static MemorySegment pointerAt(MemorySegment struct, long offset) {
    return struct.reinterpret(offset + Binder.C_POINTER.byteSize()).get(Binder.C_POINTER, offset);
  }

  /** Reads a C int field at {@code offset} of the struct at {@code struct}. */
  public static int intAt(MemorySegment struct, long offset) {
    return struct.reinterpret(offset + Binder.C_INT.byteSize()).get(Binder.C_INT, offset);
  }

  /** Writes a C int through the pointer {@code p} (an {@code int *} out-parameter). */
  public static void setInt(MemorySegment p, int value) {
    p.reinterpret(Binder.C_INT.byteSize()).set(Binder.C_INT, 0, value);
  }

  /** Writes a byte through the pointer {@code p} (an {@code unsigned char *} out-parameter). */
  public static void setByte(MemorySegment p, byte value) {
    p.reinterpret(1).set(ValueLayout.JAVA_BYTE, 0, value);
  }

  /** Writes a pointer through {@code p} (a {@code T **} out-parameter). */
  public static void setPointer(MemorySegment p, MemorySegment value) {
    p.reinterpret(Binder.C_POINTER.byteSize()).set(Binder.C_POINTER, 0, value);
  }

  /** Reads the pointer that {@code p} (a {@code T **}) points at. */
  public static MemorySegment pointerThrough(MemorySegment p) {
    return p.reinterpret(Binder.C_POINTER.byteSize()).get(Binder.C_POINTER, 0);
  }

  /** The address {@code offset} bytes after {@code p}. */
  public static MemorySegment offset(MemorySegment p, long offset) {
    return MemorySegment.ofAddress(p.address() + offset);
  }

  /** Whether {@code p} is NULL. */
  public static boolean isNull(MemorySegment p) {
    return p == null || p.address() == 0;
  }
}
