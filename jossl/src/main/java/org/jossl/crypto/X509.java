package org.jossl.crypto;

import java.io.ByteArrayInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.NativeRef;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * An X.509 certificate; pyOpenSSL's {@code OpenSSL.crypto.X509}, over OpenSSL's {@code X509}.
 *
 * <p>Certificates are immutable: pyOpenSSL's setters ({@code set_subject}, {@code sign}, …) are on
 * {@link X509Builder}. {@link #decode()} gives exactly what Python's {@code getpeercert()} gives.
 */
public final class X509 implements AutoCloseable {
  final NativeRef ref;

  private X509(MemorySegment x509) {
    this.ref = NativeRef.own(x509, "X509", LibCrypto::X509_free);
  }

  /** Takes ownership of {@code x509} (a new reference). */
  static X509 own(MemorySegment x509) {
    return new X509(x509);
  }

  /** Wraps a borrowed {@code X509*} by taking a reference of our own ({@code X509_up_ref}). */
  static X509 upRef(MemorySegment borrowed) {
    if (LibCrypto.X509_up_ref(borrowed) != 1) {
      ErrorQueue.clear();
      throw new IllegalStateException("X509_up_ref failed");
    }
    return new X509(borrowed);
  }

  // ---- loading

  /**
   * The first certificate in PEM text.
   *
   * <p>Python: {@code load_certificate(FILETYPE_PEM, buffer)}. OpenSSL: {@code PEM_read_bio_X509}
   */
  public static X509 fromPem(String pem) throws CryptoException {
    return load(Crypto.FILETYPE_PEM, pem.getBytes(StandardCharsets.UTF_8));
  }

  /** The first certificate in PEM bytes. */
  public static X509 fromPem(byte[] pem) throws CryptoException {
    return load(Crypto.FILETYPE_PEM, pem);
  }

  /**
   * A certificate from its DER encoding.
   *
   * <p>Python: {@code load_certificate(FILETYPE_ASN1, buffer)}. OpenSSL: {@code d2i_X509}
   */
  public static X509 fromDer(byte[] der) throws CryptoException {
    return load(Crypto.FILETYPE_ASN1, der);
  }

  /** A certificate in PEM or DER, whichever {@code data} is. */
  public static X509 fromPemOrDer(byte[] data) throws CryptoException {
    return load(looksLikePem(data) ? Crypto.FILETYPE_PEM : Crypto.FILETYPE_ASN1, data);
  }

  /**
   * Every certificate in PEM text, in order (other PEM blocks are skipped); an empty list if there
   * is none.
   */
  public static List<X509> allFromPem(byte[] pem) throws CryptoException {
    List<X509> out = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      // an encrypted PEM block makes OpenSSL ask the (refusing) passphrase upcall
      org.jossl.internal.ffi.Upcalls.ensureDeepStack();
      MemorySegment bio = PKey.readBio(arena, pem);
      try {
        while (true) {
          MemorySegment x =
              LibCrypto.PEM_read_bio_X509(
                  bio,
                  MemorySegment.NULL,
                  org.jossl.internal.Passphrases.CALLBACK,
                  MemorySegment.NULL);
          if (Memory.isNull(x)) {
            if (isNoStartLine(ErrorQueue.peekLast())) {
              ErrorQueue.clear();
              return out;
            }
            throw Errors.fromQueue("PEM_read_bio_X509");
          }
          out.add(new X509(x));
        }
      } finally {
        LibCrypto.BIO_free(bio);
      }
    }
  }

  private static boolean isNoStartLine(long code) {
    return org.jossl.internal.ffi.Macros.ERR_GET_LIB(code) == Constants.ERR_LIB_PEM
        && org.jossl.internal.ffi.Macros.ERR_GET_REASON(code) == 108;
  }

  static boolean looksLikePem(byte[] data) {
    String head = new String(data, 0, Math.min(data.length, 4096), StandardCharsets.ISO_8859_1);
    return head.contains("-----BEGIN");
  }

  static X509 load(int type, byte[] buffer) throws CryptoException {
    Crypto.checkFiletype(type);
    if (type == Crypto.FILETYPE_ASN1) {
      MemorySegment x = PKey.d2iBio(buffer, bio -> LibCrypto.d2i_X509_bio(bio, MemorySegment.NULL));
      return new X509(Errors.notNull(x, "d2i_X509_bio"));
    }
    try (Arena arena = Arena.ofConfined()) {
      // an encrypted PEM block makes OpenSSL ask the (refusing) passphrase upcall
      org.jossl.internal.ffi.Upcalls.ensureDeepStack();
      MemorySegment bio = PKey.readBio(arena, buffer);
      try {
        MemorySegment x =
            LibCrypto.PEM_read_bio_X509(
                bio,
                MemorySegment.NULL,
                org.jossl.internal.Passphrases.CALLBACK,
                MemorySegment.NULL);
        return new X509(Errors.notNull(x, "PEM_read_bio_X509"));
      } finally {
        LibCrypto.BIO_free(bio);
      }
    }
  }

  // ---- encodings

  /** The DER encoding. OpenSSL: {@code i2d_X509} */
  public byte[] toDer() throws CryptoException {
    byte[] der = ref.use(x -> Natives.i2d(x, LibCrypto::i2d_X509));
    if (der == null) {
      throw Errors.fromQueue("i2d_X509");
    }
    return der;
  }

  /** The PEM encoding. Python: {@code dump_certificate(FILETYPE_PEM, cert)} */
  public String toPem() throws CryptoException {
    return new String(dump(Crypto.FILETYPE_PEM), StandardCharsets.US_ASCII);
  }

  /**
   * OpenSSL's text form, as {@code openssl x509 -text -noout} of the loaded OpenSSL's release
   * prints it. The {@code openssl} command prints names with its default {@code -nameopt}: {@code
   * oneline} up to 3.1 ({@code O = Example, CN = a\C3\A9}), {@code
   * esc_ctrl,utf8,dump_unknown,dump_der,sep_comma_plus_space,sname} from 3.2 ({@code O=Example,
   * CN=aé}). pyOpenSSL's {@code dump_certificate(FILETYPE_TEXT, cert)} ({@link
   * Crypto#dumpCertificate}) prints them in the older compat form instead.
   *
   * <p>OpenSSL: {@code X509_print_ex(bio, x, nameopt, 0)}
   */
  public String toText() throws CryptoException {
    long nameopt =
        OpenSslLibrary.versionNumber() >= 0x3020_0000L
            ? Constants.ASN1_STRFLGS_ESC_CTRL
                | Constants.ASN1_STRFLGS_UTF8_CONVERT
                | Constants.ASN1_STRFLGS_DUMP_UNKNOWN
                | Constants.ASN1_STRFLGS_DUMP_DER
                | Constants.XN_FLAG_SEP_CPLUS_SPC
                | Constants.XN_FLAG_FN_SN
            : Constants.XN_FLAG_ONELINE;
    return new String(print(nameopt), StandardCharsets.UTF_8);
  }

  private byte[] print(long nameFlags) throws CryptoException {
    return PKey.withBio(
        bio -> ref.use(x -> LibCrypto.X509_print_ex(bio, x, nameFlags, 0) == 1), "X509_print_ex");
  }

  byte[] dump(int type) throws CryptoException {
    if (type == Crypto.FILETYPE_ASN1) {
      return toDer();
    }
    if (type == Crypto.FILETYPE_PEM) {
      return PKey.withBio(
          bio -> ref.use(x -> LibCrypto.PEM_write_bio_X509(bio, x) == 1), "PEM_write_bio_X509");
    }
    if (type == Crypto.FILETYPE_TEXT) {
      return print(Constants.XN_FLAG_COMPAT); // what pyOpenSSL passes
    }
    throw new IllegalArgumentException(
        "type argument must be FILETYPE_PEM, FILETYPE_ASN1, or FILETYPE_TEXT");
  }

  // ---- fields

  /**
   * The subject name (a copy). Python: {@code X509.get_subject()}. OpenSSL: {@code
   * X509_get_subject_name}
   */
  public X509Name getSubject() throws CryptoException {
    return ref.use(x -> X509Name.copyOf(LibCrypto.X509_get_subject_name(x)));
  }

  /** The issuer name (a copy). Python: {@code X509.get_issuer()} */
  public X509Name getIssuer() throws CryptoException {
    return ref.use(x -> X509Name.copyOf(LibCrypto.X509_get_issuer_name(x)));
  }

  /**
   * The version field, 0-based as in the encoding and in pyOpenSSL (2 for a v3 certificate;
   * Python's {@code getpeercert()} reports it 1-based).
   *
   * <p>Python: {@code X509.get_version()}
   */
  public int getVersion() {
    return (int) (long) ref.use(LibCrypto::X509_get_version);
  }

  /** The serial number. Python: {@code X509.get_serial_number()} */
  public BigInteger getSerialNumber() throws CryptoException {
    return ref.use(x -> integerValue(LibCrypto.X509_get0_serialNumber(x)));
  }

  static BigInteger integerValue(MemorySegment asn1Integer) throws CryptoException {
    MemorySegment bn = LibCrypto.ASN1_INTEGER_to_BN(asn1Integer, MemorySegment.NULL);
    Errors.notNull(bn, "ASN1_INTEGER_to_BN");
    try {
      int bytes = (LibCrypto.BN_num_bits(bn) + 7) / 8;
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment buf = arena.allocate(Math.max(1, bytes));
        int n = LibCrypto.BN_bn2bin(bn, buf);
        BigInteger magnitude = new BigInteger(1, Memory.bytes(buf, n));
        return LibCrypto.BN_is_negative(bn) == 1 ? magnitude.negate() : magnitude;
      }
    } finally {
      LibCrypto.BN_free(bn);
    }
  }

  /**
   * The start of validity as pyOpenSSL gives it: {@code YYYYMMDDhhmmssZ}.
   *
   * <p>Python: {@code X509.get_notBefore()}. OpenSSL: {@code ASN1_TIME_to_generalizedtime}
   */
  public String getNotBefore() throws CryptoException {
    return ref.use(x -> generalizedTime(LibCrypto.X509_get0_notBefore(x)));
  }

  /** The end of validity as pyOpenSSL gives it: {@code YYYYMMDDhhmmssZ}. */
  public String getNotAfter() throws CryptoException {
    return ref.use(x -> generalizedTime(LibCrypto.X509_get0_notAfter(x)));
  }

  /** The start of validity. */
  public Instant notBefore() throws CryptoException {
    return parseGeneralizedTime(getNotBefore());
  }

  /** The end of validity. */
  public Instant notAfter() throws CryptoException {
    return parseGeneralizedTime(getNotAfter());
  }

  static String generalizedTime(MemorySegment asn1Time) throws CryptoException {
    MemorySegment g = LibCrypto.ASN1_TIME_to_generalizedtime(asn1Time, MemorySegment.NULL);
    Errors.notNull(g, "ASN1_TIME_to_generalizedtime");
    try {
      return new String(Natives.asn1Data(g), StandardCharsets.US_ASCII);
    } finally {
      LibCrypto.ASN1_GENERALIZEDTIME_free(g);
    }
  }

  private static final DateTimeFormatter GENERALIZED =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT);

  static Instant parseGeneralizedTime(String s) {
    return LocalDateTime.parse(s.length() > 15 ? s.substring(0, 14) + "Z" : s, GENERALIZED)
        .toInstant(ZoneOffset.UTC);
  }

  /**
   * Whether the certificate's notAfter is in the past.
   *
   * <p>Python: {@code X509.has_expired()}. OpenSSL: {@code X509_cmp_current_time}
   */
  public boolean hasExpired() {
    return ref.use(x -> LibCrypto.X509_cmp_current_time(LibCrypto.X509_get0_notAfter(x)) < 0);
  }

  /**
   * The long name of the signature algorithm ({@code sha256WithRSAEncryption}).
   *
   * <p>Python: {@code X509.get_signature_algorithm()}
   *
   * @throws CryptoException "Undefined signature algorithm" if OpenSSL does not know it
   */
  public String getSignatureAlgorithm() throws CryptoException {
    int nid = ref.use(LibCrypto::X509_get_signature_nid);
    if (nid == Constants.NID_undef) {
      throw new CryptoException("Undefined signature algorithm");
    }
    return Memory.cString(LibCrypto.OBJ_nid2ln(nid));
  }

  /**
   * The fingerprint with digest {@code name} ("sha256", "sha1", …) as colon-separated upper-case
   * hex.
   *
   * <p>Python: {@code X509.digest(name)}. OpenSSL: {@code X509_digest}
   */
  public String digest(String name) throws CryptoException {
    byte[] d = digestBytes(name);
    StringBuilder b = new StringBuilder(d.length * 3);
    for (int i = 0; i < d.length; i++) {
      if (i > 0) {
        b.append(':');
      }
      b.append(HexFormat.of().withUpperCase().toHexDigits(d[i]));
    }
    return b.toString();
  }

  /** The raw fingerprint with digest {@code name}. */
  public byte[] digestBytes(String name) throws CryptoException {
    MemorySegment md = Crypto.digest(name);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(64);
      MemorySegment len = arena.allocate(Binder.C_INT);
      Errors.check(ref.use(x -> LibCrypto.X509_digest(x, md, out, len)) == 1, "X509_digest");
      return Memory.bytes(out, len.get(Binder.C_INT, 0));
    }
  }

  /** The public key (public part only). Python: {@code X509.get_pubkey()} */
  public PKey getPublicKey() throws CryptoException {
    return ref.use(
        x -> PKey.own(Errors.notNull(LibCrypto.X509_get_pubkey(x), "X509_get_pubkey"), false));
  }

  /** OpenSSL's hash of the subject name. Python: {@code X509.subject_name_hash()} */
  public long subjectNameHash() {
    return ref.use(LibCrypto::X509_subject_name_hash) & 0xFFFF_FFFFL;
  }

  /** The number of extensions. Python: {@code X509.get_extension_count()} */
  public int getExtensionCount() {
    return ref.use(LibCrypto::X509_get_ext_count);
  }

  /**
   * Extension {@code index} (a copy).
   *
   * <p>Python: {@code X509.get_extension(index)}
   *
   * @throws IndexOutOfBoundsException "extension index out of bounds"
   */
  public X509Extension getExtension(int index) throws CryptoException {
    return ref.use(
        x -> {
          MemorySegment e = LibCrypto.X509_get_ext(x, index);
          if (Memory.isNull(e)) {
            ErrorQueue.clear();
            throw new IndexOutOfBoundsException("extension index out of bounds");
          }
          return X509Extension.own(
              Errors.notNull(LibCrypto.X509_EXTENSION_dup(e), "X509_EXTENSION_dup"));
        });
  }

  /** Every extension, in order. */
  public List<X509Extension> getExtensions() throws CryptoException {
    List<X509Extension> out = new ArrayList<>();
    for (int i = 0; i < getExtensionCount(); i++) {
      out.add(getExtension(i));
    }
    return out;
  }

  /**
   * Whether {@code issuerKey} verifies this certificate's signature.
   *
   * <p>OpenSSL: {@code X509_verify}
   */
  public boolean verify(PKey issuerKey) throws CryptoException {
    int r = ref.use(x -> issuerKey.ref.use(k -> LibCrypto.X509_verify(x, k)));
    if (r < 0) {
      throw Errors.fromQueue("X509_verify");
    }
    ErrorQueue.clear();
    return r == 1;
  }

  /** Whether OpenSSL considers this a CA certificate ({@code X509_check_ca} != 0). */
  public boolean isCa() {
    return ref.use(LibCrypto::X509_check_ca) != 0;
  }

  /**
   * The certificate decoded as Python's {@code ssl} module decodes a peer certificate.
   *
   * <p>Python: {@code SSLSocket.getpeercert()}, {@code ssl._ssl._test_decode_cert(path)}
   *
   * @throws CertificateDecodeException where Python's decoder raises
   */
  public DecodedCertificate decode() throws CertificateDecodeException {
    return ref.use(PythonCertificateDecoder::decode);
  }

  // ---- bridges

  /** This certificate as a {@code java.security.cert.X509Certificate}. */
  public X509Certificate toJava() throws CryptoException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(toDer()));
    } catch (CertificateException e) {
      throw new CryptoException("the JDK cannot parse this certificate: " + e.getMessage(), e);
    }
  }

  /** A certificate from a {@code java.security.cert.X509Certificate}. */
  public static X509 fromJava(X509Certificate certificate) throws CryptoException {
    try {
      return fromDer(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new CryptoException("cannot encode the certificate: " + e.getMessage(), e);
    }
  }

  /** Equality of the encoded certificates. OpenSSL: {@code X509_cmp} */
  @Override
  public boolean equals(Object o) {
    return o instanceof X509 other
        && ref.use(a -> other.ref.use(b -> LibCrypto.X509_cmp(a, b) == 0));
  }

  @Override
  public int hashCode() {
    try {
      return java.util.Arrays.hashCode(digestBytes("sha1"));
    } catch (CryptoException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    try {
      return "X509[subject="
          + getSubject().rfc2253()
          + ", serial="
          + getSerialNumber().toString(16)
          + "]";
    } catch (CryptoException | IllegalStateException e) {
      return "X509[" + e.getMessage() + "]";
    }
  }

  /** Frees the native certificate now (else the garbage collector does). Idempotent. */
  @Override
  public void close() {
    ref.close();
  }

  /** A builder for a new certificate. */
  public static X509Builder builder() {
    return new X509Builder();
  }
}
