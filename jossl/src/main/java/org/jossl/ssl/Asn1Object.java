package org.jossl.ssl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.NativeLibraries;

/**
 * An ASN.1 object identifier as OpenSSL knows it; Python's {@code ssl._ASN1Object} (a named tuple
 * {@code (nid, shortname, longname, oid)}, the type of {@link Purpose}'s values) and the tuples of
 * {@code _ssl.txt2obj} / {@code _ssl.nid2obj}.
 *
 * <pre>{@code
 * Asn1Object.of("1.3.6.1.5.5.7.3.1")      // (129, serverAuth, TLS Web Server Authentication, ...)
 * Asn1Object.fromName("clientAuth")        // by short name, long name or dotted OID
 * Asn1Object.fromNid(130)
 * }</pre>
 *
 * <p>Lookups that fail throw {@link IllegalArgumentException} with Python's {@code ValueError}
 * texts ({@code unknown object '…'}, {@code unknown NID …}, {@code NID must be positive.}, {@code
 * Unknown object}).
 *
 * @param nid OpenSSL's numeric identifier
 * @param shortName OpenSSL's short name ({@code serverAuth})
 * @param longName OpenSSL's long name ({@code TLS Web Server Authentication})
 * @param oid the dotted OID, or null for an object OpenSSL knows without one (Python's None)
 */
public record Asn1Object(int nid, String shortName, String longName, String oid) {

  /** CPython's {@code X509_NAME_MAXLEN}: the first buffer {@code OBJ_obj2txt} writes into. */
  private static final int NAME_MAXLEN = 256;

  /**
   * The object with a dotted OID (names are not accepted).
   *
   * <p>Python: {@code ssl._ASN1Object(oid)}. OpenSSL: {@code OBJ_txt2obj(oid, 1)}
   *
   * @throws IllegalArgumentException for an OID OpenSSL cannot parse or does not know
   */
  public static Asn1Object of(String oid) {
    return txt2obj(oid, false);
  }

  /**
   * The object with OpenSSL's numeric identifier.
   *
   * <p>Python: {@code ssl._ASN1Object.fromnid(nid)}. OpenSSL: {@code OBJ_nid2obj}
   *
   * @throws IllegalArgumentException for a negative or unknown NID, or {@code NID_undef}
   */
  public static Asn1Object fromNid(int nid) {
    return nid2obj(nid);
  }

  /**
   * The object with a short name, long name or dotted OID.
   *
   * <p>Python: {@code ssl._ASN1Object.fromname(name)}. OpenSSL: {@code OBJ_txt2obj(name, 0)}
   *
   * @throws IllegalArgumentException for a name OpenSSL does not know
   */
  public static Asn1Object fromName(String name) {
    return txt2obj(name, true);
  }

  /**
   * Looks {@code txt} up: a dotted OID, and with {@code name} also a short or long name.
   *
   * <p>Python: {@code _ssl.txt2obj(txt, name=False)}. OpenSSL: {@code OBJ_txt2obj(txt, !name)}
   *
   * @throws IllegalArgumentException Python's {@code ValueError}: {@code unknown object '…'} (the
   *     text cut to 100 bytes, as CPython's {@code %.100s}), {@code Unknown object} for an OID
   *     without a NID, {@code embedded null character}
   */
  public static Asn1Object txt2obj(String txt, boolean name) {
    if (txt.indexOf('\0') >= 0) {
      // Python refuses the argument before calling OpenSSL
      throw new IllegalArgumentException("embedded null character");
    }
    NativeLibraries.ensureAvailable();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment obj = LibCrypto.OBJ_txt2obj(Memory.cString(arena, txt), name ? 0 : 1);
      if (Memory.isNull(obj)) {
        ErrorQueue.clear();
        throw new IllegalArgumentException("unknown object '" + cut(txt, 100) + "'");
      }
      try {
        return fromObject(arena, obj);
      } finally {
        LibCrypto.ASN1_OBJECT_free(obj);
      }
    }
  }

  /**
   * The object with OpenSSL's numeric identifier.
   *
   * <p>Python: {@code _ssl.nid2obj(nid)}. OpenSSL: {@code OBJ_nid2obj}
   *
   * @throws IllegalArgumentException Python's {@code ValueError}: {@code NID must be positive.},
   *     {@code unknown NID …}, or {@code Unknown object} for {@code NID_undef} (0)
   */
  public static Asn1Object nid2obj(int nid) {
    if (nid < Constants.NID_undef) {
      throw new IllegalArgumentException("NID must be positive.");
    }
    NativeLibraries.ensureAvailable();
    MemorySegment obj = LibCrypto.OBJ_nid2obj(nid);
    if (Memory.isNull(obj)) {
      // OpenSSL queued OBJ_R_UNKNOWN_NID; Python reports its own text
      ErrorQueue.clear();
      throw new IllegalArgumentException("unknown NID " + nid);
    }
    try (Arena arena = Arena.ofConfined()) {
      return fromObject(arena, obj);
    } finally {
      LibCrypto.ASN1_OBJECT_free(obj);
    }
  }

  /** CPython's {@code asn1obj2py}: NID, names and the dotted OID of an object. */
  private static Asn1Object fromObject(Arena arena, MemorySegment obj) {
    int nid = LibCrypto.OBJ_obj2nid(obj);
    if (nid == Constants.NID_undef) {
      throw new IllegalArgumentException("Unknown object");
    }
    String sn = Memory.cString(LibCrypto.OBJ_nid2sn(nid));
    String ln = Memory.cString(LibCrypto.OBJ_nid2ln(nid));
    return new Asn1Object(nid, sn, ln, dottedOid(arena, obj));
  }

  /** CPython's {@code _asn1obj2py(obj, no_name=1)}: the dotted form, null when it is empty. */
  private static String dottedOid(Arena arena, MemorySegment obj) {
    MemorySegment buf = arena.allocate(NAME_MAXLEN);
    int n = LibCrypto.OBJ_obj2txt(buf, NAME_MAXLEN, obj, 1);
    if (n < 0) {
      ErrorQueue.clear();
      throw new IllegalStateException("OBJ_obj2txt failed");
    }
    if (n > NAME_MAXLEN - 1) {
      // a longer OID than the first buffer holds: ask again with room for all of it
      buf = arena.allocate(n + 1L);
      n = LibCrypto.OBJ_obj2txt(buf, n + 1, obj, 1);
    }
    return n == 0 ? null : new String(Memory.bytes(buf, n), StandardCharsets.UTF_8);
  }

  /** CPython's {@code %.100s}: at most {@code max} UTF-8 bytes, a cut character replaced. */
  private static String cut(String s, int max) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length <= max ? s : new String(Arrays.copyOf(b, max), StandardCharsets.UTF_8);
  }

  /** Python's tuple, as a list: {@code [nid, shortname, longname, oid]}. */
  public List<Object> asList() {
    return Arrays.asList(nid, shortName, longName, oid);
  }

  /**
   * Python's {@code repr()}: {@code _ASN1Object(nid=129, shortname='serverAuth', longname='TLS Web
   * Server Authentication', oid='1.3.6.1.5.5.7.3.1')}.
   */
  @Override
  public String toString() {
    return "_ASN1Object(nid="
        + nid
        + ", shortname="
        + repr(shortName)
        + ", longname="
        + repr(longName)
        + ", oid="
        + repr(oid)
        + ")";
  }

  private static String repr(String s) {
    return s == null ? "None" : SslException.pyRepr(s);
  }
}
