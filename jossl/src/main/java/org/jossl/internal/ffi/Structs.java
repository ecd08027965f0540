package org.jossl.internal.ffi;

import static org.jossl.internal.ffi.Binder.C_INT;
import static org.jossl.internal.ffi.Binder.C_LONG;
import static org.jossl.internal.ffi.Binder.C_POINTER;
import static org.jossl.internal.ffi.Binder.C_SIZE_T;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The few OpenSSL structs whose fields jossl reads, laid out with the platform's C alignment. These
 * are public structs of {@code x509v3.h}, unchanged across OpenSSL 3; StructLayoutTest checks every
 * offset and size here against the installed headers with gcc.
 */
public final class Structs {
  private Structs() {}

  /** {@code GENERAL_NAME { int type; union { ... } d; }}: every union member is a pointer. */
  public static final StructLayout GENERAL_NAME =
      struct("GENERAL_NAME", C_INT.withName("type"), C_POINTER.withName("d"));

  /** {@code OTHERNAME { ASN1_OBJECT *type_id; ASN1_TYPE *value; }}. */
  public static final StructLayout OTHERNAME =
      struct("OTHERNAME", C_POINTER.withName("type_id"), C_POINTER.withName("value"));

  /** {@code ACCESS_DESCRIPTION { ASN1_OBJECT *method; GENERAL_NAME *location; }}. */
  public static final StructLayout ACCESS_DESCRIPTION =
      struct("ACCESS_DESCRIPTION", C_POINTER.withName("method"), C_POINTER.withName("location"));

  /** {@code DIST_POINT { DIST_POINT_NAME *distpoint; ASN1_BIT_STRING *reasons; ... }}. */
  public static final StructLayout DIST_POINT =
      struct(
          "DIST_POINT",
          C_POINTER.withName("distpoint"),
          C_POINTER.withName("reasons"),
          C_POINTER.withName("CRLissuer"),
          C_INT.withName("dp_reasons"));

  /** {@code DIST_POINT_NAME { int type; union { GENERAL_NAMES *fullname; ... } name; ... }}. */
  public static final StructLayout DIST_POINT_NAME =
      struct(
          "DIST_POINT_NAME",
          C_INT.withName("type"),
          C_POINTER.withName("name"),
          C_POINTER.withName("dpname"));

  /** {@code BASIC_CONSTRAINTS { int ca; ASN1_INTEGER *pathlen; }}. */
  public static final StructLayout BASIC_CONSTRAINTS =
      struct("BASIC_CONSTRAINTS", C_INT.withName("ca"), C_POINTER.withName("pathlen"));

  /**
   * {@code struct timeval { time_t tv_sec; suseconds_t tv_usec; }} (both {@code long} on the
   * platforms OpenSSL's 64-bit Linux builds serve), which {@code DTLSv1_get_timeout} fills. Named
   * TIMEVAL like the other layouts here (StructLayoutTest typedefs it).
   */
  public static final StructLayout TIMEVAL =
      struct("TIMEVAL", C_LONG.withName("tv_sec"), C_LONG.withName("tv_usec"));

  /**
   * {@code BUF_MEM { size_t length; char *data; size_t max; unsigned long flags; }} (buffer.h): the
   * buffer behind a memory BIO, whose {@code max} says how much it holds on to.
   */
  public static final StructLayout BUF_MEM =
      struct(
          "BUF_MEM",
          C_SIZE_T.withName("length"),
          C_POINTER.withName("data"),
          C_SIZE_T.withName("max"),
          C_LONG.withName("flags"));

  /**
   * Bytes reserved for an {@code X509V3_CTX}, which callers allocate but only OpenSSL fills ({@code
   * X509V3_set_ctx}); its real size, which grew in 3.0, is checked to fit.
   */
  public static final long X509V3_CTX_BYTES = 256;

  /** The byte offset of {@code field} in {@code struct}. */
  public static long offset(StructLayout struct, String field) {
    return struct.byteOffset(MemoryLayout.PathElement.groupElement(field));
  }

  /** Reads the pointer field {@code field} of the struct at {@code p}. */
  public static MemorySegment pointer(MemorySegment p, StructLayout struct, String field) {
    return Memory.pointerAt(p, offset(struct, field));
  }

  /** Reads the C {@code long} field {@code field} of the struct at {@code p}. */
  public static long cLong(MemorySegment p, StructLayout struct, String field) {
    long offset = offset(struct, field);
    MemorySegment s = p.reinterpret(offset + C_LONG.byteSize());
    return C_LONG instanceof ValueLayout.OfLong l
        ? s.get(l, offset)
        : s.get((ValueLayout.OfInt) C_LONG, offset);
  }

  /** Reads the int field {@code field} of the struct at {@code p}. */
  public static int integer(MemorySegment p, StructLayout struct, String field) {
    return Memory.intAt(p, offset(struct, field));
  }

  /** A struct of {@code fields} with the padding C inserts before and after them. */
  static StructLayout struct(String name, MemoryLayout... fields) {
    List<MemoryLayout> members = new ArrayList<>();
    long offset = 0;
    long maxAlign = 1;
    for (MemoryLayout f : fields) {
      long align = f.byteAlignment();
      maxAlign = Math.max(maxAlign, align);
      long pad = (align - offset % align) % align;
      if (pad > 0) {
        members.add(MemoryLayout.paddingLayout(pad));
        offset += pad;
      }
      members.add(f);
      offset += f.byteSize();
    }
    long tail = (maxAlign - offset % maxAlign) % maxAlign;
    if (tail > 0) {
      members.add(MemoryLayout.paddingLayout(tail));
    }
    return MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new)).withName(name);
  }
}
