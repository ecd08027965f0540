package org.jossl.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * Builds and signs a certificate: pyOpenSSL's {@code X509()} with {@code set_version}, {@code
 * set_serial_number}, {@code set_subject}, {@code set_issuer}, {@code set_notBefore}, {@code
 * set_notAfter}, {@code set_pubkey}, {@code add_extensions} and {@code sign}, plus typed extensions
 * (subject alternative names of every kind, basic constraints, key usage, extended key usage,
 * authority information access, CRL distribution points, key identifiers).
 *
 * <p>Defaults: version 3, a random positive 127-bit serial, valid from an hour ago for a year,
 * issuer = subject (self-signed). Extensions appear in the order added.
 */
public final class X509Builder {
  private static final SecureRandom RANDOM = new SecureRandom();

  private int version = 2;
  private BigInteger serial;
  private X509Name subject;
  private X509Name issuer;
  private Instant notBefore;
  private Instant notAfter;
  private PKey publicKey;
  private boolean subjectKeyIdentifier;
  private X509 authorityKeyIssuer;
  private boolean authorityKeyFromSelf;
  private final List<Object> extensions = new ArrayList<>();

  private record RawExtension(String oid, boolean critical, byte[] der) {}

  X509Builder() {}

  /** The version field, 0-based (2 is v3). Python: {@code X509.set_version()} */
  public X509Builder version(int version) {
    this.version = version;
    return this;
  }

  /** The serial number (may be zero or negative, for tests). */
  public X509Builder serialNumber(BigInteger serial) {
    this.serial = Objects.requireNonNull(serial);
    return this;
  }

  /** The serial number. Python: {@code X509.set_serial_number()} */
  public X509Builder serialNumber(long serial) {
    return serialNumber(BigInteger.valueOf(serial));
  }

  /** The subject. Python: {@code X509.set_subject()} */
  public X509Builder subject(X509Name subject) {
    this.subject = Objects.requireNonNull(subject);
    return this;
  }

  /** The issuer (default: the subject). Python: {@code X509.set_issuer()} */
  public X509Builder issuer(X509Name issuer) {
    this.issuer = Objects.requireNonNull(issuer);
    return this;
  }

  /** Start of validity. Python: {@code X509.set_notBefore()} */
  public X509Builder notBefore(Instant notBefore) {
    this.notBefore = Objects.requireNonNull(notBefore);
    return this;
  }

  /** End of validity. Python: {@code X509.set_notAfter()} */
  public X509Builder notAfter(Instant notAfter) {
    this.notAfter = Objects.requireNonNull(notAfter);
    return this;
  }

  /** The certified public key (a private key's public half is used). Python: {@code set_pubkey} */
  public X509Builder publicKey(PKey key) {
    this.publicKey = Objects.requireNonNull(key);
    return this;
  }

  /** Adds an extension. Python: {@code X509.add_extensions()} */
  public X509Builder addExtension(X509Extension extension) {
    extensions.add(Objects.requireNonNull(extension));
    return this;
  }

  /** Adds an extension with the given OID and DER value, unchanged. */
  public X509Builder addExtension(String oid, boolean critical, byte[] valueDer) {
    extensions.add(new RawExtension(oid, critical, valueDer.clone()));
    return this;
  }

  /** Adds a non-critical subject alternative name extension. */
  public X509Builder subjectAltNames(GeneralName... names) {
    return subjectAltNames(false, List.of(names));
  }

  /** Adds a subject alternative name extension. */
  public X509Builder subjectAltNames(boolean critical, List<GeneralName> names) {
    byte[][] parts = names.stream().map(GeneralName::der).toArray(byte[][]::new);
    return addExtension("2.5.29.17", critical, Der.sequence(parts));
  }

  /** Adds a critical basic constraints extension; {@code pathLength} < 0 means none. */
  public X509Builder basicConstraints(boolean ca, int pathLength) {
    List<byte[]> parts = new ArrayList<>();
    if (ca) {
      parts.add(Der.bool(true));
    }
    if (pathLength >= 0) {
      parts.add(Der.integer(BigInteger.valueOf(pathLength)));
    }
    return addExtension("2.5.29.19", true, Der.sequence(parts.toArray(byte[][]::new)));
  }

  /** Adds a critical key usage extension. */
  public X509Builder keyUsage(KeyUsage... usages) {
    boolean[] bits = new boolean[KeyUsage.values().length];
    for (KeyUsage u : usages) {
      bits[u.ordinal()] = true;
    }
    return addExtension("2.5.29.15", true, Der.namedBits(bits));
  }

  /**
   * Adds a non-critical extended key usage extension; purposes are OpenSSL names ("serverAuth",
   * "clientAuth", "codeSigning", "emailProtection", "OCSPSigning") or dotted OIDs.
   */
  public X509Builder extendedKeyUsage(String... purposes) {
    byte[][] oids = new byte[purposes.length][];
    for (int i = 0; i < purposes.length; i++) {
      oids[i] = Der.oid(dottedOid(purposes[i]));
    }
    return addExtension("2.5.29.37", false, Der.sequence(oids));
  }

  /** Adds an authority information access extension with OCSP and CA issuer URIs. */
  public X509Builder authorityInfoAccess(List<String> ocspUris, List<String> caIssuerUris) {
    List<byte[]> parts = new ArrayList<>();
    for (String uri : ocspUris) {
      parts.add(Der.sequence(Der.oid("1.3.6.1.5.5.7.48.1"), GeneralName.uri(uri).der()));
    }
    for (String uri : caIssuerUris) {
      parts.add(Der.sequence(Der.oid("1.3.6.1.5.5.7.48.2"), GeneralName.uri(uri).der()));
    }
    return addExtension("1.3.6.1.5.5.7.1.1", false, Der.sequence(parts.toArray(byte[][]::new)));
  }

  /** Adds a CRL distribution points extension, one full-name point per URI. */
  public X509Builder crlDistributionPoints(String... uris) {
    byte[][] points = new byte[uris.length][];
    for (int i = 0; i < uris.length; i++) {
      points[i] = Der.sequence(Der.tlv(0xa0, Der.tlv(0xa0, GeneralName.uri(uris[i]).der())));
    }
    return addExtension("2.5.29.31", false, Der.sequence(points));
  }

  /** Adds a subject key identifier (SHA-1 of the public key bits, RFC 5280 method 1). */
  public X509Builder subjectKeyIdentifier() {
    this.subjectKeyIdentifier = true;
    extensions.add("SKI");
    return this;
  }

  /** Adds an authority key identifier naming {@code issuerCertificate}'s key. */
  public X509Builder authorityKeyIdentifier(X509 issuerCertificate) {
    this.authorityKeyIssuer = Objects.requireNonNull(issuerCertificate);
    extensions.add("AKI");
    return this;
  }

  /** Adds an authority key identifier naming this certificate's own key (self-signed). */
  public X509Builder authorityKeyIdentifierSelf() {
    this.authorityKeyFromSelf = true;
    extensions.add("AKI");
    return this;
  }

  /**
   * Signs with {@code key} and digest {@code digest} ("sha256"; ignored for Ed25519 and Ed448,
   * which have their own), and returns the certificate.
   *
   * <p>Python: {@code X509.sign(pkey, digest)}. OpenSSL: {@code X509_sign}
   */
  public X509 sign(PKey key, String digest) throws CryptoException {
    Objects.requireNonNull(key, "key");
    if (subject == null) {
      throw new IllegalStateException("the certificate has no subject");
    }
    if (publicKey == null) {
      throw new IllegalStateException("the certificate has no public key");
    }
    Instant now = Instant.now();
    Instant from = notBefore != null ? notBefore : now.minus(Duration.ofHours(1));
    Instant to = notAfter != null ? notAfter : from.plus(Duration.ofDays(365));
    BigInteger sn = serial != null ? serial : new BigInteger(127, RANDOM).setBit(0);
    MemorySegment md =
        key.type() == PKey.TYPE_ED25519 || key.type() == PKey.TYPE_ED448
            ? MemorySegment.NULL
            : Crypto.digest(digest);

    X509 cert = X509.own(Errors.notNull(LibCrypto.X509_new(), "X509_new"));
    MemorySegment x = cert.ref.acquire();
    try {
      Errors.check(LibCrypto.X509_set_version(x, version) == 1, "X509_set_version");
      setSerial(x, sn);
      Errors.check(
          subject.ref.use(n -> LibCrypto.X509_set_subject_name(x, n)) == 1,
          "X509_set_subject_name");
      X509Name iss = issuer != null ? issuer : subject;
      Errors.check(
          iss.ref.use(n -> LibCrypto.X509_set_issuer_name(x, n)) == 1, "X509_set_issuer_name");
      setTime(x, from, true);
      setTime(x, to, false);
      Errors.check(publicKey.ref.use(k -> LibCrypto.X509_set_pubkey(x, k)) == 1, "X509_set_pubkey");
      for (Object e : extensions) {
        X509Extension ext =
            switch (e) {
              case X509Extension given -> given;
              case RawExtension raw -> X509Extension.fromDer(raw.oid, raw.critical, raw.der);
              case String s when s.equals("SKI") ->
                  X509Extension.fromDer("2.5.29.14", false, Der.octetString(keyId(x)));
              case String s when s.equals("AKI") -> authorityKeyId(x);
              default -> throw new IllegalStateException("unknown extension " + e);
            };
        Errors.check(ext.ref.use(p -> LibCrypto.X509_add_ext(x, p, -1)) == 1, "X509_add_ext");
      }
      int signed = key.ref.use(k -> LibCrypto.X509_sign(x, k, md));
      Errors.check(signed > 0, "X509_sign");
    } catch (CryptoException | RuntimeException ex) {
      cert.ref.release();
      cert.close();
      throw ex;
    }
    cert.ref.release();
    return cert;
  }

  /** Signs with {@code key} and SHA-256. */
  public X509 sign(PKey key) throws CryptoException {
    return sign(key, "sha256");
  }

  private X509Extension authorityKeyId(MemorySegment x) throws CryptoException {
    byte[] id;
    if (authorityKeyFromSelf || authorityKeyIssuer == null) {
      id = keyId(x);
    } else {
      id = authorityKeyIssuer.ref.use(X509Builder::keyId);
    }
    return X509Extension.fromDer("2.5.29.35", false, Der.sequence(Der.tlv(0x80, id)));
  }

  private static byte[] keyId(MemorySegment x) throws CryptoException {
    MemorySegment sha1 = Crypto.digest("sha1");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(64);
      MemorySegment len = arena.allocate(Binder.C_INT);
      Errors.check(LibCrypto.X509_pubkey_digest(x, sha1, out, len) == 1, "X509_pubkey_digest");
      return Memory.bytes(out, len.get(Binder.C_INT, 0));
    }
  }

  private static void setSerial(MemorySegment x, BigInteger sn) throws CryptoException {
    MemorySegment integer = Crypto.asn1Integer(sn);
    try {
      Errors.check(LibCrypto.X509_set_serialNumber(x, integer) == 1, "X509_set_serialNumber");
    } finally {
      LibCrypto.ASN1_INTEGER_free(integer);
    }
  }

  private static void setTime(MemorySegment x, Instant when, boolean before)
      throws CryptoException {
    MemorySegment t = Crypto.asn1Time(when);
    try {
      int ok = before ? LibCrypto.X509_set1_notBefore(x, t) : LibCrypto.X509_set1_notAfter(x, t);
      Errors.check(ok == 1, before ? "X509_set1_notBefore" : "X509_set1_notAfter");
    } finally {
      LibCrypto.ASN1_TIME_free(t);
    }
  }

  static String dottedOid(String nameOrOid) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment obj = LibCrypto.OBJ_txt2obj(Memory.cString(arena, nameOrOid), 0);
      if (Memory.isNull(obj)) {
        ErrorQueue.clear();
        throw new IllegalArgumentException("unknown object name or OID: " + nameOrOid);
      }
      try {
        return Natives.objectText(obj, true);
      } finally {
        LibCrypto.ASN1_OBJECT_free(obj);
      }
    }
  }
}
