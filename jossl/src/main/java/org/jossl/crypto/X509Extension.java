package org.jossl.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.NativeRef;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.Structs;

/**
 * A certificate extension; pyOpenSSL's {@code OpenSSL.crypto.X509Extension}, over OpenSSL's {@code
 * X509_EXTENSION}. Immutable.
 */
public final class X509Extension implements AutoCloseable {
  final NativeRef ref;

  private X509Extension(MemorySegment extension) {
    this.ref = NativeRef.own(extension, "X509_EXTENSION", LibCrypto::X509_EXTENSION_free);
  }

  static X509Extension own(MemorySegment extension) {
    return new X509Extension(extension);
  }

  /**
   * An extension from OpenSSL's configuration syntax, as {@code openssl x509 -extfile} reads it:
   * {@code of("basicConstraints", true, "CA:TRUE, pathlen:0")}, {@code of("subjectAltName", false,
   * "DNS:localhost, IP:127.0.0.1")}.
   *
   * <p>Python: {@code X509Extension(type_name, critical, value)}. OpenSSL: {@code X509V3_EXT_nconf}
   */
  public static X509Extension of(String typeName, boolean critical, String value)
      throws CryptoException {
    return of(typeName, critical, value, null, null);
  }

  /**
   * As {@link #of(String, boolean, String)}, with the certificates that values such as {@code
   * subjectKeyIdentifier=hash} and {@code authorityKeyIdentifier=keyid:always} refer to.
   *
   * <p>Python: {@code X509Extension(type_name, critical, value, subject, issuer)}
   */
  public static X509Extension of(
      String typeName, boolean critical, String value, X509 subject, X509 issuer)
      throws CryptoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ctx = arena.allocate(Structs.X509V3_CTX_BYTES);
      MemorySegment s = subject == null ? MemorySegment.NULL : subject.ref.acquire();
      MemorySegment i = issuer == null ? MemorySegment.NULL : issuer.ref.acquire();
      try {
        LibCrypto.X509V3_set_ctx(ctx, i, s, MemorySegment.NULL, MemorySegment.NULL, 0);
        String text = critical ? "critical," + value : value;
        MemorySegment ext =
            LibCrypto.X509V3_EXT_nconf(
                MemorySegment.NULL,
                ctx,
                Memory.cString(arena, typeName),
                Memory.cString(arena, text));
        return new X509Extension(
            Errors.notNull(ext, "X509V3_EXT_nconf(" + typeName + ", " + value + ")"));
      } finally {
        if (subject != null) {
          subject.ref.release();
        }
        if (issuer != null) {
          issuer.ref.release();
        }
      }
    }
  }

  /**
   * An extension with the given OID and DER-encoded value, written unchanged.
   *
   * <p>OpenSSL: {@code X509_EXTENSION_create_by_OBJ}
   */
  public static X509Extension fromDer(String oid, boolean critical, byte[] valueDer)
      throws CryptoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment obj = LibCrypto.OBJ_txt2obj(Memory.cString(arena, oid), 0);
      if (Memory.isNull(obj)) {
        ErrorQueue.clear();
        throw new IllegalArgumentException("not an object identifier: " + oid);
      }
      MemorySegment data = LibCrypto.ASN1_OCTET_STRING_new();
      try {
        Errors.notNull(data, "ASN1_OCTET_STRING_new");
        Errors.check(
            LibCrypto.ASN1_OCTET_STRING_set(data, Memory.copy(arena, valueDer), valueDer.length)
                == 1,
            "ASN1_OCTET_STRING_set");
        MemorySegment ext =
            LibCrypto.X509_EXTENSION_create_by_OBJ(MemorySegment.NULL, obj, critical ? 1 : 0, data);
        return new X509Extension(Errors.notNull(ext, "X509_EXTENSION_create_by_OBJ"));
      } finally {
        LibCrypto.ASN1_OBJECT_free(obj);
        if (!Memory.isNull(data)) {
          LibCrypto.ASN1_OCTET_STRING_free(data);
        }
      }
    }
  }

  /**
   * OpenSSL's short name of the extension type ("basicConstraints", "subjectAltName"; "UNDEF" for
   * an OID OpenSSL does not know).
   *
   * <p>Python: {@code X509Extension.get_short_name()}
   */
  public String getShortName() {
    return ref.use(
        e ->
            Memory.cString(
                LibCrypto.OBJ_nid2sn(
                    LibCrypto.OBJ_obj2nid(LibCrypto.X509_EXTENSION_get_object(e)))));
  }

  /** The extension's OID in dotted form. */
  public String oid() {
    return ref.use(e -> Natives.objectText(LibCrypto.X509_EXTENSION_get_object(e), true));
  }

  /** Whether the extension is critical. Python: {@code X509Extension.get_critical()} */
  public boolean getCritical() {
    return ref.use(e -> LibCrypto.X509_EXTENSION_get_critical(e) == 1);
  }

  /** The DER encoding of the extension's value. Python: {@code X509Extension.get_data()} */
  public byte[] getData() {
    return ref.use(e -> Natives.asn1Data(LibCrypto.X509_EXTENSION_get_data(e)));
  }

  /**
   * OpenSSL's text for the value ({@code CA:FALSE}); a subject alternative name is written as
   * pyOpenSSL writes it ({@code DNS:localhost, IP Address:127.0.0.1}).
   *
   * <p>Python: {@code str(extension)}. OpenSSL: {@code X509V3_EXT_print}
   */
  @Override
  public String toString() {
    return ref.use(
        e -> {
          int nid = LibCrypto.OBJ_obj2nid(LibCrypto.X509_EXTENSION_get_object(e));
          if (nid == Constants.NID_subject_alt_name) {
            String san = subjectAltNameString(e);
            if (san != null) {
              return san;
            }
          }
          MemorySegment bio = Natives.newMemoryBio();
          try {
            // an extension OpenSSL cannot print leaves the text empty, as pyOpenSSL would show it
            if (LibCrypto.X509V3_EXT_print(bio, e, 0, 0) != 1) {
              ErrorQueue.clear();
            }
            return new String(Natives.bioContents(bio), StandardCharsets.UTF_8);
          } finally {
            LibCrypto.BIO_free(bio);
          }
        });
  }

  private static String subjectAltNameString(MemorySegment ext) {
    MemorySegment names = LibCrypto.X509V3_EXT_d2i(ext);
    if (Memory.isNull(names)) {
      ErrorQueue.clear();
      return null;
    }
    try {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < Natives.stackSize(names); i++) {
        MemorySegment gn = Natives.stackValue(names, i);
        int type = Structs.integer(gn, Structs.GENERAL_NAME, "type");
        String label =
            type == Constants.GEN_DNS
                ? "DNS"
                : type == Constants.GEN_EMAIL ? "email" : type == Constants.GEN_URI ? "URI" : null;
        if (label != null) {
          byte[] v = Natives.asn1Data(Structs.pointer(gn, Structs.GENERAL_NAME, "d"));
          parts.add(label + ":" + new String(v, StandardCharsets.UTF_8));
        } else {
          MemorySegment bio = Natives.newMemoryBio();
          try {
            LibCrypto.GENERAL_NAME_print(bio, gn);
            parts.add(new String(Natives.bioContents(bio), StandardCharsets.UTF_8));
          } finally {
            LibCrypto.BIO_free(bio);
          }
        }
      }
      return String.join(", ", parts);
    } finally {
      LibCrypto.GENERAL_NAMES_free(names);
    }
  }

  /** Frees the native extension now (else the garbage collector does). Idempotent. */
  @Override
  public void close() {
    ref.close();
  }
}
