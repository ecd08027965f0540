package org.jossl.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.time.Instant;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * The module-level functions of pyOpenSSL's {@code OpenSSL.crypto}: loading and dumping
 * certificates, keys and CRLs in PEM, DER ({@code ASN1}) and text form.
 */
public final class Crypto {
  private Crypto() {}

  /** PEM (base64 between {@code -----BEGIN …-----} lines). pyOpenSSL: {@code FILETYPE_PEM}. */
  public static final int FILETYPE_PEM = Constants.X509_FILETYPE_PEM;

  /** DER. pyOpenSSL: {@code FILETYPE_ASN1}. */
  public static final int FILETYPE_ASN1 = Constants.X509_FILETYPE_ASN1;

  /** OpenSSL's human-readable text (dumping only). pyOpenSSL: {@code FILETYPE_TEXT}. */
  public static final int FILETYPE_TEXT = 65535;

  /** pyOpenSSL's {@code TYPE_RSA}. */
  public static final int TYPE_RSA = PKey.TYPE_RSA;

  /** pyOpenSSL's {@code TYPE_DSA}. */
  public static final int TYPE_DSA = PKey.TYPE_DSA;

  /** pyOpenSSL's {@code TYPE_DH}. */
  public static final int TYPE_DH = PKey.TYPE_DH;

  /** pyOpenSSL's {@code TYPE_EC}. */
  public static final int TYPE_EC = PKey.TYPE_EC;

  static void checkFiletype(int type) {
    if (type != FILETYPE_PEM && type != FILETYPE_ASN1) {
      throw new IllegalArgumentException("type argument must be FILETYPE_PEM or FILETYPE_ASN1");
    }
  }

  /**
   * Loads a certificate. Python: {@code load_certificate(type, buffer)}.
   *
   * @param type {@link #FILETYPE_PEM} or {@link #FILETYPE_ASN1}
   */
  public static X509 loadCertificate(int type, byte[] buffer) throws CryptoException {
    return X509.load(type, buffer);
  }

  /**
   * Dumps a certificate. Python: {@code dump_certificate(type, cert)}.
   *
   * @param type {@link #FILETYPE_PEM}, {@link #FILETYPE_ASN1} or {@link #FILETYPE_TEXT}
   */
  public static byte[] dumpCertificate(int type, X509 certificate) throws CryptoException {
    return certificate.dump(type);
  }

  /**
   * Loads a private key (PKCS#8 or traditional; an encrypted key fails without a passphrase,
   * instead of prompting on the terminal as OpenSSL would). Python: {@code load_privatekey(type,
   * buffer)}.
   */
  public static PKey loadPrivateKey(int type, byte[] buffer) throws CryptoException {
    return PKey.loadPrivate(type, buffer, null, false);
  }

  /** Loads an encrypted private key. Python: {@code load_privatekey(type, buffer, passphrase)}. */
  public static PKey loadPrivateKey(int type, byte[] buffer, byte[] passphrase)
      throws CryptoException {
    byte[] copy = passphrase.clone();
    return PKey.loadPrivate(type, buffer, rw -> copy.clone(), false);
  }

  /** Loads an encrypted private key, asking {@code callback} for the passphrase. */
  public static PKey loadPrivateKey(int type, byte[] buffer, PassphraseCallback callback)
      throws CryptoException {
    return PKey.loadPrivate(type, buffer, callback, false);
  }

  /**
   * Dumps a private key: PEM is PKCS#8, DER is the algorithm's traditional structure, as pyOpenSSL
   * writes them. Python: {@code dump_privatekey(type, pkey)}.
   */
  public static byte[] dumpPrivateKey(int type, PKey key) throws CryptoException {
    return key.dumpPrivate(type, null, null);
  }

  /**
   * Dumps a private key encrypted with {@code cipher} ("aes256", "aes-128-cbc", …) and {@code
   * passphrase}; PEM only. Python: {@code dump_privatekey(type, pkey, cipher, passphrase)}.
   */
  public static byte[] dumpPrivateKey(int type, PKey key, String cipher, byte[] passphrase)
      throws CryptoException {
    byte[] copy = passphrase.clone();
    return key.dumpPrivate(type, cipher, rw -> copy.clone());
  }

  /** As {@link #dumpPrivateKey(int, PKey, String, byte[])}, asking {@code callback}. */
  public static byte[] dumpPrivateKey(
      int type, PKey key, String cipher, PassphraseCallback callback) throws CryptoException {
    return key.dumpPrivate(type, cipher, callback);
  }

  /** Loads a public key (SubjectPublicKeyInfo). Python: {@code load_publickey(type, buffer)}. */
  public static PKey loadPublicKey(int type, byte[] buffer) throws CryptoException {
    return PKey.loadPublic(type, buffer);
  }

  /** Dumps a public key. Python: {@code dump_publickey(type, pkey)}. */
  public static byte[] dumpPublicKey(int type, PKey key) throws CryptoException {
    return key.dumpPublic(type);
  }

  /** Loads a CRL. Python: {@code load_crl(type, buffer)}. */
  public static Crl loadCrl(int type, byte[] buffer) throws CryptoException {
    return Crl.load(type, buffer);
  }

  /** Dumps a CRL. Python: {@code dump_crl(type, crl)}. */
  public static byte[] dumpCrl(int type, Crl crl) throws CryptoException {
    return crl.dump(type);
  }

  // ---- helpers shared by the crypto classes

  /** {@code EVP_get_digestbyname(name)}, or IllegalArgumentException("No such digest method"). */
  static MemorySegment digest(String name) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment md = LibCrypto.EVP_get_digestbyname(Memory.cString(arena, name));
      if (Memory.isNull(md)) {
        ErrorQueue.clear();
        throw new IllegalArgumentException("No such digest method: " + name);
      }
      return md;
    }
  }

  /** A new {@code ASN1_INTEGER} holding {@code value}; the caller frees it. */
  static MemorySegment asn1Integer(BigInteger value) throws CryptoException {
    byte[] magnitude = value.abs().toByteArray();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bn =
          LibCrypto.BN_bin2bn(Memory.copy(arena, magnitude), magnitude.length, MemorySegment.NULL);
      Errors.notNull(bn, "BN_bin2bn");
      try {
        if (value.signum() < 0) {
          LibCrypto.BN_set_negative(bn, 1);
        }
        return Errors.notNull(
            LibCrypto.BN_to_ASN1_INTEGER(bn, MemorySegment.NULL), "BN_to_ASN1_INTEGER");
      } finally {
        LibCrypto.BN_free(bn);
      }
    }
  }

  /** A new {@code ASN1_TIME} (UTCTime before 2050, else GeneralizedTime); the caller frees it. */
  static MemorySegment asn1Time(Instant when) throws CryptoException {
    return Errors.notNull(
        LibCrypto.ASN1_TIME_set(MemorySegment.NULL, when.getEpochSecond()), "ASN1_TIME_set");
  }
}
