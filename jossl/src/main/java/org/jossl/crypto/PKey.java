package org.jossl.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.NativeRef;
import org.jossl.internal.Natives;
import org.jossl.internal.Passphrases;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * A public or private key; pyOpenSSL's {@code OpenSSL.crypto.PKey}, over OpenSSL's {@code
 * EVP_PKEY}. Keys are immutable once made.
 */
public final class PKey implements AutoCloseable {
  /** pyOpenSSL's {@code TYPE_RSA}: {@code EVP_PKEY_RSA}. */
  public static final int TYPE_RSA = Constants.EVP_PKEY_RSA;

  /** pyOpenSSL's {@code TYPE_DSA}: {@code EVP_PKEY_DSA}. */
  public static final int TYPE_DSA = Constants.EVP_PKEY_DSA;

  /** pyOpenSSL's {@code TYPE_DH}: {@code EVP_PKEY_DH}. */
  public static final int TYPE_DH = Constants.EVP_PKEY_DH;

  /** pyOpenSSL's {@code TYPE_EC}: {@code EVP_PKEY_EC}. */
  public static final int TYPE_EC = Constants.EVP_PKEY_EC;

  /** {@code EVP_PKEY_ED25519}. */
  public static final int TYPE_ED25519 = Constants.EVP_PKEY_ED25519;

  /** {@code EVP_PKEY_ED448}. */
  public static final int TYPE_ED448 = Constants.EVP_PKEY_ED448;

  final NativeRef ref;
  private final boolean hasPrivate;

  private PKey(MemorySegment key, boolean hasPrivate) {
    this.ref = NativeRef.own(key, "EVP_PKEY", LibCrypto::EVP_PKEY_free);
    this.hasPrivate = hasPrivate;
  }

  /** Takes ownership of {@code key}. */
  static PKey own(MemorySegment key, boolean hasPrivate) {
    return new PKey(key, hasPrivate);
  }

  /** Wraps a borrowed {@code EVP_PKEY*} by taking a reference of our own. */
  static PKey upRef(MemorySegment borrowed, boolean hasPrivate) {
    if (LibCrypto.EVP_PKEY_up_ref(borrowed) != 1) {
      ErrorQueue.clear();
      throw new IllegalStateException("EVP_PKEY_up_ref failed");
    }
    return new PKey(borrowed, hasPrivate);
  }

  // ---- generation

  /**
   * Generates a key of {@code type} ({@link #TYPE_RSA} with {@code bits}; {@link #TYPE_EC} (P-256
   * unless bits is 384 or 521), {@link #TYPE_ED25519} and {@link #TYPE_ED448} ignore or check
   * bits).
   *
   * <p>Python: {@code PKey.generate_key(type, bits)}. OpenSSL: {@code EVP_PKEY_generate}
   */
  public static PKey generate(int type, int bits) throws CryptoException {
    if (type == TYPE_RSA) {
      return generateRsa(bits);
    }
    if (type == TYPE_EC) {
      return generateEc(bits == 384 ? "P-384" : bits == 521 ? "P-521" : "P-256");
    }
    if (type == TYPE_ED25519) {
      return generateByName("ED25519", null, 0);
    }
    if (type == TYPE_ED448) {
      return generateByName("ED448", null, 0);
    }
    throw new IllegalArgumentException(
        "No such key type " + type + " (generate TYPE_RSA, TYPE_EC, TYPE_ED25519 or TYPE_ED448)");
  }

  /** Generates an RSA key with a {@code bits}-bit modulus (at least 512). */
  public static PKey generateRsa(int bits) throws CryptoException {
    if (bits < 512) {
      throw new IllegalArgumentException("Invalid number of bits: " + bits + " (need >= 512)");
    }
    return generateByName("RSA", null, bits);
  }

  /** Generates an EC key on the named curve ("P-256", "prime256v1", "secp384r1", …). */
  public static PKey generateEc(String curve) throws CryptoException {
    return generateByName("EC", Objects.requireNonNull(curve, "curve"), 0);
  }

  /** Generates an Ed25519 key. */
  public static PKey generateEd25519() throws CryptoException {
    return generateByName("ED25519", null, 0);
  }

  /** Generates an Ed448 key. */
  public static PKey generateEd448() throws CryptoException {
    return generateByName("ED448", null, 0);
  }

  /** Generates a key of {@code type}. */
  public static PKey generate(KeyType type) throws CryptoException {
    return switch (type) {
      case RSA_2048 -> generateRsa(2048);
      case RSA_3072 -> generateRsa(3072);
      case RSA_4096 -> generateRsa(4096);
      case EC_P256 -> generateEc("P-256");
      case EC_P384 -> generateEc("P-384");
      case EC_P521 -> generateEc("P-521");
      case ED25519 -> generateEd25519();
      case ED448 -> generateEd448();
    };
  }

  private static PKey generateByName(String algorithm, String group, int bits)
      throws CryptoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ctx =
          LibCrypto.EVP_PKEY_CTX_new_from_name(
              MemorySegment.NULL, Memory.cString(arena, algorithm), MemorySegment.NULL);
      Errors.notNull(ctx, "EVP_PKEY_CTX_new_from_name(" + algorithm + ")");
      try {
        Errors.check(LibCrypto.EVP_PKEY_keygen_init(ctx) > 0, "EVP_PKEY_keygen_init");
        if (bits > 0) {
          Errors.check(
              LibCrypto.EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) > 0,
              "EVP_PKEY_CTX_set_rsa_keygen_bits");
        }
        if (group != null
            && LibCrypto.EVP_PKEY_CTX_set_group_name(ctx, Memory.cString(arena, group)) <= 0) {
          ErrorQueue.clear();
          throw new IllegalArgumentException("unknown elliptic curve name '" + group + "'");
        }
        MemorySegment out = Memory.pointerSlot(arena);
        if (LibCrypto.EVP_PKEY_generate(ctx, out) <= 0) {
          if (group != null) {
            ErrorQueue.clear();
            throw new IllegalArgumentException("unknown elliptic curve name '" + group + "'");
          }
          throw Errors.fromQueue("EVP_PKEY_generate(" + algorithm + ")");
        }
        return new PKey(Memory.pointer(out), true);
      } finally {
        LibCrypto.EVP_PKEY_CTX_free(ctx);
      }
    }
  }

  // ---- properties

  /**
   * The key type: {@link #TYPE_RSA}, {@link #TYPE_EC}, … ({@code EVP_PKEY_get_id}).
   *
   * <p>Python: {@code PKey.type()}
   */
  public int type() {
    return ref.use(LibCrypto::EVP_PKEY_get_id);
  }

  /** OpenSSL's name for the key type: "RSA", "EC", "ED25519", … */
  public String typeName() {
    return ref.use(k -> Memory.cString(LibCrypto.EVP_PKEY_get0_type_name(k)));
  }

  /**
   * The key size in bits ({@code EVP_PKEY_get_bits}).
   *
   * <p>Python: {@code PKey.bits()}
   */
  public int bits() {
    return ref.use(LibCrypto::EVP_PKEY_get_bits);
  }

  /** Whether this key holds its private part (false for keys loaded or derived as public). */
  public boolean hasPrivateKey() {
    return hasPrivate;
  }

  /**
   * Checks the key's consistency: true, or a {@link CryptoException} saying what is wrong. Unlike
   * pyOpenSSL, which checks only RSA keys, every key type OpenSSL can check is checked.
   *
   * <p>Python: {@code PKey.check()}. OpenSSL: {@code EVP_PKEY_check}
   *
   * @throws IllegalStateException for a public key ("public key only")
   */
  public boolean check() throws CryptoException {
    if (!hasPrivate) {
      throw new IllegalStateException("public key only");
    }
    return ref.use(
        k -> {
          MemorySegment ctx =
              LibCrypto.EVP_PKEY_CTX_new_from_pkey(MemorySegment.NULL, k, MemorySegment.NULL);
          Errors.notNull(ctx, "EVP_PKEY_CTX_new_from_pkey");
          try {
            Errors.check(LibCrypto.EVP_PKEY_check(ctx) == 1, "EVP_PKEY_check");
            return true;
          } finally {
            LibCrypto.EVP_PKEY_CTX_free(ctx);
          }
        });
  }

  /** The public half of this key, as a new public-only key. */
  public PKey publicKey() throws CryptoException {
    return loadPublic(Crypto.FILETYPE_ASN1, toPublicDer());
  }

  /** Whether the keys are equal (public parts and parameters). OpenSSL: {@code EVP_PKEY_eq} */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PKey other)) {
      return false;
    }
    boolean eq = ref.use(a -> other.ref.use(b -> LibCrypto.EVP_PKEY_eq(a, b) == 1));
    ErrorQueue.clear();
    return eq;
  }

  @Override
  public int hashCode() {
    try {
      return java.util.Arrays.hashCode(toPublicDer());
    } catch (CryptoException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "PKey[" + typeName() + ", " + bits() + " bits" + (hasPrivate ? ", private" : "") + "]";
  }

  // ---- encodings

  /** The SubjectPublicKeyInfo DER encoding ({@code i2d_PUBKEY}). */
  public byte[] toPublicDer() throws CryptoException {
    byte[] der = ref.use(k -> Natives.i2d(k, LibCrypto::i2d_PUBKEY));
    if (der == null) {
      throw Errors.fromQueue("i2d_PUBKEY");
    }
    return der;
  }

  /** The public key in PEM ({@code -----BEGIN PUBLIC KEY-----}). */
  public String toPublicPem() throws CryptoException {
    return new String(dumpPublic(Crypto.FILETYPE_PEM), java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The private key as unencrypted PKCS#8 DER ({@code PrivateKeyInfo}). */
  public byte[] toPkcs8Der() throws CryptoException {
    requirePrivate();
    return withBio(
        bio ->
            ref.use(
                k ->
                    LibCrypto.i2d_PKCS8PrivateKey_bio(
                            bio,
                            k,
                            MemorySegment.NULL,
                            MemorySegment.NULL,
                            0,
                            MemorySegment.NULL,
                            MemorySegment.NULL)
                        == 1),
        "i2d_PKCS8PrivateKey_bio");
  }

  /** The private key in unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
  public String toPem() throws CryptoException {
    return new String(
        dumpPrivate(Crypto.FILETYPE_PEM, null, null), java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * The private key in the algorithm's traditional PEM form ({@code -----BEGIN RSA PRIVATE
   * KEY-----}, {@code EC PRIVATE KEY}); keys without one (Ed25519) are written as PKCS#8.
   *
   * <p>OpenSSL: {@code PEM_write_bio_PrivateKey_traditional}
   */
  public String toTraditionalPem() throws CryptoException {
    requirePrivate();
    if (!hasTraditionalForm(type())) {
      return toPem();
    }
    byte[] pem =
        withBio(
            bio ->
                ref.use(
                    k ->
                        LibCrypto.PEM_write_bio_PrivateKey_traditional(
                                bio,
                                k,
                                MemorySegment.NULL,
                                MemorySegment.NULL,
                                0,
                                MemorySegment.NULL,
                                MemorySegment.NULL)
                            == 1),
            "PEM_write_bio_PrivateKey_traditional");
    return new String(pem, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Whether OpenSSL has a pre-PKCS#8 ("traditional") encoding for keys of {@code type}: RSA, DSA,
   * DH and EC do; Ed25519, Ed448, X25519 and X448 were born with PKCS#8 and have none ({@code
   * PEM_write_bio_PrivateKey_traditional} fails with "unsupported public key type" for them).
   */
  private static boolean hasTraditionalForm(int type) {
    return type == Constants.EVP_PKEY_RSA
        || type == Constants.EVP_PKEY_DSA
        || type == Constants.EVP_PKEY_DH
        || type == Constants.EVP_PKEY_EC;
  }

  // ---- java.security bridges

  /** This private key as a {@code java.security.PrivateKey} (through PKCS#8). */
  public PrivateKey toJavaPrivateKey() throws CryptoException {
    try {
      return KeyFactory.getInstance(javaAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(toPkcs8Der()));
    } catch (GeneralSecurityException e) {
      if (e instanceof CryptoException c) {
        throw c;
      }
      throw new CryptoException("the JDK cannot represent this " + typeName() + " key", e);
    }
  }

  /** The public key as a {@code java.security.PublicKey} (through SubjectPublicKeyInfo). */
  public PublicKey toJavaPublicKey() throws CryptoException {
    try {
      return KeyFactory.getInstance(javaAlgorithm())
          .generatePublic(new X509EncodedKeySpec(toPublicDer()));
    } catch (GeneralSecurityException e) {
      if (e instanceof CryptoException c) {
        throw c;
      }
      throw new CryptoException("the JDK cannot represent this " + typeName() + " key", e);
    }
  }

  /**
   * A key from a {@code java.security} key: a private key in PKCS#8 form or a public key in X.509
   * (SubjectPublicKeyInfo) form, as {@link Key#getEncoded()} gives them.
   */
  public static PKey fromJava(Key key) throws CryptoException {
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      throw new IllegalArgumentException(
          "the " + key.getAlgorithm() + " key cannot be exported (getEncoded() is null)");
    }
    if (key instanceof PublicKey && "X.509".equals(key.getFormat())) {
      return loadPublic(Crypto.FILETYPE_ASN1, encoded);
    }
    if (key instanceof PrivateKey && "PKCS#8".equals(key.getFormat())) {
      return loadPrivate(Crypto.FILETYPE_ASN1, encoded, null, false);
    }
    throw new IllegalArgumentException(
        "unsupported key format " + key.getFormat() + " for " + key.getAlgorithm());
  }

  private String javaAlgorithm() {
    int type = type();
    if (type == Constants.EVP_PKEY_RSA) {
      return "RSA";
    } else if (type == Constants.EVP_PKEY_RSA_PSS) {
      return "RSASSA-PSS";
    } else if (type == Constants.EVP_PKEY_EC) {
      return "EC";
    } else if (type == Constants.EVP_PKEY_ED25519) {
      return "Ed25519";
    } else if (type == Constants.EVP_PKEY_ED448) {
      return "Ed448";
    } else if (type == Constants.EVP_PKEY_X25519) {
      return "X25519";
    } else if (type == Constants.EVP_PKEY_X448) {
      return "X448";
    } else if (type == Constants.EVP_PKEY_DSA) {
      return "DSA";
    } else if (type == Constants.EVP_PKEY_DH) {
      return "DH";
    }
    return typeName();
  }

  private void requirePrivate() {
    if (!hasPrivate) {
      throw new IllegalStateException("public key only");
    }
  }

  /** Frees the native key now (else the garbage collector does). Idempotent. */
  @Override
  public void close() {
    ref.close();
  }

  // ---- loading and dumping (Crypto's functions delegate here)

  interface BioWriter {
    boolean write(MemorySegment bio) throws CryptoException;
  }

  /** Runs {@code writer} on a fresh memory BIO and returns what it wrote. */
  static byte[] withBio(BioWriter writer, String what) throws CryptoException {
    MemorySegment bio = Errors.notNull(Natives.newMemoryBio(), "BIO_new");
    try {
      Errors.check(writer.write(bio), what);
      return Natives.bioContents(bio);
    } finally {
      LibCrypto.BIO_free(bio);
    }
  }

  static PKey loadPrivate(int type, byte[] buffer, PassphraseCallback passphrase, boolean truncate)
      throws CryptoException {
    Crypto.checkFiletype(type);
    Passphrases.Outcome outcome = new Passphrases.Outcome();
    Passphrases.Source source =
        passphrase == null ? null : (max, forWriting) -> passphrase.passphrase(forWriting);
    MemorySegment key;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bio = readBio(arena, buffer);
      try {
        key =
            Passphrases.with(
                source,
                truncate,
                outcome,
                () -> {
                  if (type == Crypto.FILETYPE_PEM) {
                    return LibCrypto.PEM_read_bio_PrivateKey(
                        bio, MemorySegment.NULL, Passphrases.CALLBACK, MemorySegment.NULL);
                  }
                  if (passphrase != null) {
                    return LibCrypto.d2i_PKCS8PrivateKey_bio(
                        bio, MemorySegment.NULL, Passphrases.CALLBACK, MemorySegment.NULL);
                  }
                  return LibCrypto.d2i_PrivateKey_bio(bio, MemorySegment.NULL);
                });
      } finally {
        LibCrypto.BIO_free(bio);
      }
    }
    rethrowCallbackFailure(outcome);
    return new PKey(Errors.notNull(key, "loading the private key"), true);
  }

  static PKey loadPublic(int type, byte[] buffer) throws CryptoException {
    Crypto.checkFiletype(type);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key;
      if (type == Crypto.FILETYPE_PEM) {
        // an encrypted PEM block makes OpenSSL ask the (refusing) passphrase upcall
        org.jossl.internal.ffi.Upcalls.ensureDeepStack();
        MemorySegment bio = readBio(arena, buffer);
        try {
          key =
              LibCrypto.PEM_read_bio_PUBKEY(
                  bio, MemorySegment.NULL, Passphrases.CALLBACK, MemorySegment.NULL);
        } finally {
          LibCrypto.BIO_free(bio);
        }
      } else {
        key = d2iBio(buffer, bio -> LibCrypto.d2i_PUBKEY_bio(bio, MemorySegment.NULL));
      }
      return new PKey(Errors.notNull(key, "loading the public key"), false);
    }
  }

  byte[] dumpPrivate(int type, String cipher, PassphraseCallback passphrase)
      throws CryptoException {
    if (type != Crypto.FILETYPE_PEM
        && type != Crypto.FILETYPE_ASN1
        && type != Crypto.FILETYPE_TEXT) {
      throw new IllegalArgumentException(
          "type argument must be FILETYPE_PEM, FILETYPE_ASN1, or FILETYPE_TEXT");
    }
    requirePrivate();
    if (cipher != null && passphrase == null) {
      throw new IllegalArgumentException(
          "if a value is given for cipher one must also be given for passphrase");
    }
    if (passphrase != null && type != Crypto.FILETYPE_PEM) {
      throw new IllegalArgumentException("only FILETYPE_PEM key format supports encryption");
    }
    if (type == Crypto.FILETYPE_ASN1) {
      byte[] der = ref.use(k -> Natives.i2d(k, LibCrypto::i2d_PrivateKey));
      if (der == null) {
        throw Errors.fromQueue("i2d_PrivateKey");
      }
      return der;
    }
    if (type == Crypto.FILETYPE_TEXT) {
      return withBio(bio -> ref.use(k -> printPrivate(bio, k)), "printing the private key");
    }
    MemorySegment evpCipher = MemorySegment.NULL;
    if (cipher != null) {
      try (Arena arena = Arena.ofConfined()) {
        evpCipher = LibCrypto.EVP_get_cipherbyname(Memory.cString(arena, cipher));
      }
      if (Memory.isNull(evpCipher)) {
        ErrorQueue.clear();
        throw new IllegalArgumentException("Invalid cipher name: " + cipher);
      }
    }
    MemorySegment enc = evpCipher;
    Passphrases.Outcome outcome = new Passphrases.Outcome();
    Passphrases.Source source =
        passphrase == null ? null : (max, forWriting) -> passphrase.passphrase(forWriting);
    byte[] out;
    try {
      out =
          withBio(
              bio ->
                  ref.use(
                      k ->
                          Passphrases.with(
                                  source,
                                  false,
                                  outcome,
                                  () ->
                                      LibCrypto.PEM_write_bio_PrivateKey(
                                          bio,
                                          k,
                                          enc,
                                          MemorySegment.NULL,
                                          0,
                                          Passphrases.CALLBACK,
                                          MemorySegment.NULL))
                              == 1),
              "PEM_write_bio_PrivateKey");
    } catch (CryptoException e) {
      rethrowCallbackFailure(outcome);
      throw e;
    }
    return out;
  }

  /**
   * The text form of a private key. pyOpenSSL prints RSA keys with {@code RSA_print} (its first
   * line is {@code RSA Private-Key: …}), so RSA keys go the same way where the deprecated function
   * is still exported; other types (which pyOpenSSL refuses) print as {@code openssl pkey -text}.
   */
  private static boolean printPrivate(MemorySegment bio, MemorySegment k) {
    if (LibCrypto.EVP_PKEY_get_id(k) == Constants.EVP_PKEY_RSA
        && Binder.has("EVP_PKEY_get1_RSA")
        && Binder.has("RSA_print")
        && Binder.has("RSA_free")) {
      MemorySegment rsa = LibCrypto.EVP_PKEY_get1_RSA(k);
      if (Memory.isNull(rsa)) {
        return false;
      }
      try {
        return LibCrypto.RSA_print(bio, rsa, 0) == 1;
      } finally {
        LibCrypto.RSA_free(rsa);
      }
    }
    return LibCrypto.EVP_PKEY_print_private(bio, k, 0, MemorySegment.NULL) == 1;
  }

  byte[] dumpPublic(int type) throws CryptoException {
    Crypto.checkFiletype(type);
    if (type == Crypto.FILETYPE_ASN1) {
      return toPublicDer();
    }
    return withBio(
        bio -> ref.use(k -> LibCrypto.PEM_write_bio_PUBKEY(bio, k) == 1), "PEM_write_bio_PUBKEY");
  }

  /**
   * Decodes one DER object with a {@code d2i_*_bio} function reading a memory BIO over {@code
   * buffer}, as pyOpenSSL's {@code load_*(FILETYPE_ASN1, …)} do: the BIO reader sees truncated or
   * empty input differently from the in-memory {@code d2i_*}, so the errors are pyOpenSSL's.
   */
  static MemorySegment d2iBio(byte[] buffer, java.util.function.UnaryOperator<MemorySegment> d2i)
      throws CryptoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bio = readBio(arena, buffer);
      try {
        return d2i.apply(bio);
      } finally {
        LibCrypto.BIO_free(bio);
      }
    }
  }

  /** A read-only memory BIO over a native copy of {@code buffer} that lives in {@code arena}. */
  static MemorySegment readBio(Arena arena, byte[] buffer) throws CryptoException {
    MemorySegment data = Memory.copy(arena, buffer);
    return Errors.notNull(LibCrypto.BIO_new_mem_buf(data, buffer.length), "BIO_new_mem_buf");
  }

  /**
   * Rethrows what a passphrase callback threw, as pyOpenSSL does, after clearing OpenSSL's queue.
   */
  static void rethrowCallbackFailure(Passphrases.Outcome outcome) throws CryptoException {
    Throwable t = outcome.failure;
    if (t == null) {
      return;
    }
    ErrorQueue.clear();
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof CryptoException c) {
      throw c;
    }
    throw new CryptoException("passphrase callback failed: " + t, t);
  }
}
