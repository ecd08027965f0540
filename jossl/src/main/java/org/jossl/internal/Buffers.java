package org.jossl.internal;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Checks shared by the faces' {@link ByteBuffer} and {@link MemorySegment} overloads: a buffer
 * OpenSSL writes into must be writable, and memory whose arena was closed is refused with a clear
 * {@link IllegalStateException} before any native call sees its address.
 */
public final class Buffers {
  private Buffers() {}

  /**
   * The bytes between {@code buffer}'s position and limit as a segment over the same memory (no
   * copy): native for a direct buffer, heap otherwise.
   *
   * @param into whether OpenSSL will write into it (then it must not be read-only)
   */
  public static MemorySegment remaining(ByteBuffer buffer, boolean into) {
    Objects.requireNonNull(buffer, "buffer");
    if (into && buffer.isReadOnly()) {
      throw new IllegalArgumentException(
          "the buffer is read-only: a writable ByteBuffer is needed to receive into");
    }
    MemorySegment segment = MemorySegment.ofBuffer(buffer);
    requireAlive(segment);
    return segment;
  }

  /** Checks a segment the caller passed: alive, and writable if OpenSSL writes into it. */
  public static MemorySegment check(MemorySegment segment, boolean into) {
    Objects.requireNonNull(segment, "buffer");
    if (into && segment.isReadOnly()) {
      throw new IllegalArgumentException(
          "the segment is read-only: a writable MemorySegment is needed to receive into");
    }
    requireAlive(segment);
    return segment;
  }

  /** Refuses memory whose arena was closed. */
  static void requireAlive(MemorySegment segment) {
    if (!segment.scope().isAlive()) {
      throw new IllegalStateException(
          "the buffer's memory is no longer alive: its Arena is closed");
    }
  }

  /** Checks that {@code length} bytes fit in {@code segment}, before its address goes native. */
  static void requireFits(MemorySegment segment, long length, boolean into) {
    if (length < 0 || length > segment.byteSize()) {
      throw new IndexOutOfBoundsException(
          "length " + length + " outside a segment of " + segment.byteSize() + " bytes");
    }
    check(segment, into);
  }

  /** A segment's size as a C {@code int} count (BIO_read/BIO_write, one call at most 2 GiB). */
  public static int intSize(MemorySegment segment) {
    return (int) Math.min(segment.byteSize(), Integer.MAX_VALUE);
  }
}
