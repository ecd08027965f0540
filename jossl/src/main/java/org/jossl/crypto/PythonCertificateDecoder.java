package org.jossl.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.Structs;

/**
 * Decodes a certificate into the dict Python's {@code ssl} module builds ({@code
 * _decode_certificate} in CPython's {@code _ssl.c}), step by step with the same OpenSSL calls, so
 * that unusual and hostile certificates come out, or fail, exactly as in Python: the same 2048-byte
 * line buffers, the same strict UTF-8 decoding, the same silent skips.
 */
final class PythonCertificateDecoder {
  private PythonCertificateDecoder() {}

  /** Python's {@code char buf[2048]} and its {@code BIO_gets(bio, buf, sizeof(buf)-1)}. */
  private static final int LINE = 2048 - 1;

  static DecodedCertificate decode(MemorySegment x) throws CertificateDecodeException {
    ErrorQueue.clear();
    MemorySegment bio = Natives.newMemoryBio();
    if (Memory.isNull(bio)) {
      throw new CertificateDecodeException("SSLError", "failed to allocate BIO");
    }
    try {
      List<List<DecodedCertificate.Attribute>> subject = name(LibCrypto.X509_get_subject_name(x));
      List<List<DecodedCertificate.Attribute>> issuer = name(LibCrypto.X509_get_issuer_name(x));
      long version = LibCrypto.X509_get_version(x) + 1;

      org.jossl.internal.ffi.Macros.BIO_reset(bio);
      LibCrypto.i2a_ASN1_INTEGER(bio, LibCrypto.X509_get_serialNumber(x));
      String serial = PythonUtf8.decode(line(bio));

      org.jossl.internal.ffi.Macros.BIO_reset(bio);
      LibCrypto.ASN1_TIME_print(bio, LibCrypto.X509_get0_notBefore(x));
      String notBefore = PythonUtf8.decode(line(bio));

      org.jossl.internal.ffi.Macros.BIO_reset(bio);
      LibCrypto.ASN1_TIME_print(bio, LibCrypto.X509_get0_notAfter(x));
      String notAfter = PythonUtf8.decode(line(bio));

      List<DecodedCertificate.AltName> san = altNames(x, bio);
      List<String> ocsp = accessUris(x, Constants.NID_ad_OCSP);
      List<String> caIssuers = accessUris(x, Constants.NID_ad_ca_issuers);
      List<String> crl = distributionPoints(x);
      return new DecodedCertificate(
          List.copyOf(subject),
          List.copyOf(issuer),
          version,
          serial,
          notBefore,
          notAfter,
          san,
          ocsp,
          caIssuers,
          crl);
    } finally {
      LibCrypto.BIO_free(bio);
      ErrorQueue.clear();
    }
  }

  private static byte[] line(MemorySegment bio) throws CertificateDecodeException {
    byte[] line = Natives.bioGets(bio, LINE);
    if (line == null) {
      throw sslError();
    }
    return line;
  }

  /** Python's {@code _setSSLError(state, NULL, 0, ...)}: the newest queue entry's message. */
  private static CertificateDecodeException sslError() {
    return new CertificateDecodeException(Errors.drain());
  }

  /**
   * {@code _create_tuple_for_X509_NAME}: a new RDN starts where {@code X509_NAME_ENTRY_set}
   * changes.
   */
  static List<List<DecodedCertificate.Attribute>> name(MemorySegment xname)
      throws CertificateDecodeException {
    List<List<DecodedCertificate.Attribute>> dn = new ArrayList<>();
    List<DecodedCertificate.Attribute> rdn = new ArrayList<>();
    int count = LibCrypto.X509_NAME_entry_count(xname);
    int level = -1;
    for (int i = 0; i < count; i++) {
      MemorySegment entry = LibCrypto.X509_NAME_get_entry(xname, i);
      int set = LibCrypto.X509_NAME_ENTRY_set(entry);
      if (level >= 0 && level != set) {
        dn.add(List.copyOf(rdn));
        rdn = new ArrayList<>();
      }
      level = set;
      rdn.add(
          attribute(
              LibCrypto.X509_NAME_ENTRY_get_object(entry),
              LibCrypto.X509_NAME_ENTRY_get_data(entry)));
    }
    if (!rdn.isEmpty()) {
      dn.add(List.copyOf(rdn));
    }
    return dn;
  }

  /** {@code _create_tuple_for_attribute}: BIT STRING values stay bytes, the rest go via UTF-8. */
  private static DecodedCertificate.Attribute attribute(MemorySegment object, MemorySegment value)
      throws CertificateDecodeException {
    String name = Natives.objectText(object, false);
    if (name == null) {
      // _asn1obj2py has raised SSLError already (OBJ_obj2txt fails, e.g. for an OID longer than
      // 586 bytes); _create_tuple_for_attribute then calls _setSSLError again with that exception
      // still set, and CPython reports the second exception's construction as a SystemError.
      ErrorQueue.clear();
      throw new CertificateDecodeException(
          "SystemError", "<class 'ssl.SSLError'> returned a result with an exception set");
    }
    if (LibCrypto.ASN1_STRING_type(value) == Constants.V_ASN1_BIT_STRING) {
      return new DecodedCertificate.Attribute(name, Natives.asn1Data(value));
    }
    byte[] utf8 = Natives.asn1ToUtf8(value);
    if (utf8 == null) {
      throw sslError();
    }
    return new DecodedCertificate.Attribute(name, PythonUtf8.decode(utf8));
  }

  /** {@code _get_peer_alt_names}. */
  private static List<DecodedCertificate.AltName> altNames(MemorySegment x, MemorySegment bio)
      throws CertificateDecodeException {
    MemorySegment names =
        LibCrypto.X509_get_ext_d2i(
            x, Constants.NID_subject_alt_name, MemorySegment.NULL, MemorySegment.NULL);
    if (Memory.isNull(names)) {
      return null;
    }
    try {
      List<DecodedCertificate.AltName> out = new ArrayList<>();
      for (int j = 0; j < Natives.stackSize(names); j++) {
        MemorySegment gn = Natives.stackValue(names, j);
        int type = Structs.integer(gn, Structs.GENERAL_NAME, "type");
        MemorySegment d = Structs.pointer(gn, Structs.GENERAL_NAME, "d");
        out.add(altName(type, d, gn, bio));
      }
      return List.copyOf(out);
    } finally {
      LibCrypto.GENERAL_NAMES_free(names);
    }
  }

  private static DecodedCertificate.AltName altName(
      int type, MemorySegment d, MemorySegment gn, MemorySegment bio)
      throws CertificateDecodeException {
    if (type == Constants.GEN_DIRNAME) {
      return new DecodedCertificate.AltName("DirName", name(d));
    }
    if (type == Constants.GEN_EMAIL || type == Constants.GEN_DNS || type == Constants.GEN_URI) {
      String label =
          type == Constants.GEN_EMAIL ? "email" : type == Constants.GEN_DNS ? "DNS" : "URI";
      return new DecodedCertificate.AltName(label, PythonUtf8.decode(Natives.asn1Data(d)));
    }
    if (type == Constants.GEN_RID) {
      return new DecodedCertificate.AltName("Registered ID", registeredId(d));
    }
    if (type == Constants.GEN_IPADD) {
      return new DecodedCertificate.AltName("IP Address", ipAddress(Natives.asn1Data(d)));
    }
    // everything else: OpenSSL's print form, split at the first ':' of the line
    org.jossl.internal.ffi.Macros.BIO_reset(bio);
    LibCrypto.GENERAL_NAME_print(bio, gn);
    byte[] buf = line(bio);
    int nul = indexOf(buf, (byte) 0, buf.length);
    int colon = indexOf(buf, (byte) ':', nul);
    if (colon < 0) {
      byte[] shown = java.util.Arrays.copyOf(buf, Math.min(nul, 200));
      throw new CertificateDecodeException(
          "ValueError", "Invalid value " + new String(shown, StandardCharsets.UTF_8));
    }
    return new DecodedCertificate.AltName(
        PythonUtf8.decode(buf, 0, colon), PythonUtf8.decode(buf, colon + 1, buf.length));
  }

  /** The index of {@code b} in {@code data[0..limit)}, or -1 ({@code strchr} when b != 0). */
  private static int indexOf(byte[] data, byte b, int limit) {
    for (int i = 0; i < limit; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return b == 0 ? data.length : -1;
  }

  /** {@code i2t_ASN1_OBJECT(buf, sizeof(buf)-1, rid)} with Python's length checks. */
  private static String registeredId(MemorySegment rid) throws CertificateDecodeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(2048);
      int len = LibCrypto.i2t_ASN1_OBJECT(buf, LINE, rid);
      if (len < 0) {
        throw sslError();
      }
      if (len >= 2048) {
        return "<INVALID>";
      }
      return PythonUtf8.decode(Memory.bytes(buf, len));
    }
  }

  private static String ipAddress(byte[] ip) {
    if (ip.length == 4) {
      return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
    }
    if (ip.length == 16) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 16; i += 2) {
        if (i > 0) {
          b.append(':');
        }
        b.append(
            Integer.toHexString(((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff))
                .toUpperCase(java.util.Locale.ROOT));
      }
      return b.toString();
    }
    return "<invalid>";
  }

  /** {@code _get_aia_uri}: URIs of the access descriptions whose method is {@code nid}. */
  private static List<String> accessUris(MemorySegment x, int nid)
      throws CertificateDecodeException {
    MemorySegment info =
        LibCrypto.X509_get_ext_d2i(
            x, Constants.NID_info_access, MemorySegment.NULL, MemorySegment.NULL);
    if (Memory.isNull(info)) {
      return null;
    }
    try {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < Natives.stackSize(info); i++) {
        MemorySegment ad = Natives.stackValue(info, i);
        MemorySegment method = Structs.pointer(ad, Structs.ACCESS_DESCRIPTION, "method");
        MemorySegment location = Structs.pointer(ad, Structs.ACCESS_DESCRIPTION, "location");
        if (LibCrypto.OBJ_obj2nid(method) != nid
            || Structs.integer(location, Structs.GENERAL_NAME, "type") != Constants.GEN_URI) {
          continue;
        }
        MemorySegment uri = Structs.pointer(location, Structs.GENERAL_NAME, "d");
        out.add(PythonUtf8.decode(Natives.asn1Data(uri)));
      }
      return out.isEmpty() ? null : List.copyOf(out);
    } finally {
      LibCrypto.AUTHORITY_INFO_ACCESS_free(info);
    }
  }

  /**
   * {@code _get_crl_dp}: the URIs among the full names of each distribution point. Points without a
   * name are skipped (CVE-2019-5010). Python does not check the name's type: it reads a relative
   * name's {@code X509_NAME_ENTRY}s through the union as {@code GENERAL_NAME}s, whose {@code type}
   * then overlays an aligned pointer and is never {@code GEN_URI}; skipping them is the same
   * result.
   */
  private static List<String> distributionPoints(MemorySegment x)
      throws CertificateDecodeException {
    MemorySegment dps =
        LibCrypto.X509_get_ext_d2i(
            x, Constants.NID_crl_distribution_points, MemorySegment.NULL, MemorySegment.NULL);
    if (Memory.isNull(dps)) {
      return null;
    }
    try {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < Natives.stackSize(dps); i++) {
        MemorySegment dp = Natives.stackValue(dps, i);
        MemorySegment point = Structs.pointer(dp, Structs.DIST_POINT, "distpoint");
        if (Memory.isNull(point) || Structs.integer(point, Structs.DIST_POINT_NAME, "type") != 0) {
          continue;
        }
        MemorySegment names = Structs.pointer(point, Structs.DIST_POINT_NAME, "name");
        for (int j = 0; j < Natives.stackSize(names); j++) {
          MemorySegment gn = Natives.stackValue(names, j);
          if (Structs.integer(gn, Structs.GENERAL_NAME, "type") != Constants.GEN_URI) {
            continue;
          }
          out.add(
              PythonUtf8.decode(Natives.asn1Data(Structs.pointer(gn, Structs.GENERAL_NAME, "d"))));
        }
      }
      return out.isEmpty() ? null : List.copyOf(out);
    } finally {
      LibCrypto.CRL_DIST_POINTS_free(dps);
    }
  }
}
