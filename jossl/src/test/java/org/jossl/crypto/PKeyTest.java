package org.jossl.crypto;

import static org.jossl.crypto.PeerResults.assertRaisedType;
import static org.jossl.crypto.PeerResults.bytes;
import static org.jossl.crypto.PeerResults.integer;
import static org.jossl.crypto.PeerResults.ok;
import static org.jossl.crypto.PeerResults.okMap;
import static org.jossl.crypto.PeerResults.opensslOk;
import static org.jossl.crypto.PeerResults.raised;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jossl.internal.ErrorQueue;
import org.jossl.testing.JsonPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PKey} and the key functions of {@link Crypto} against pyOpenSSL's {@code PKey}, {@code
 * load_privatekey}, {@code dump_privatekey}, {@code load_publickey}, {@code dump_publickey} and the
 * openssl command, on the same keys.
 */
class PKeyTest {
  private static final byte[] PASSPHRASE = "correct horse".getBytes(StandardCharsets.UTF_8);
  private static final byte[] WRONG = "battery staple".getBytes(StandardCharsets.UTF_8);

  private static JsonPeer py;
  private static final Map<KeyType, PKey> KEYS = new EnumMap<>(KeyType.class);

  @BeforeAll
  static void start() {
    py = JsonPeer.pyOpenSsl("pyopenssl_crypto.py");
  }

  @AfterAll
  static void stop() {
    py.close();
  }

  /** One key per type for the whole class (RSA generation is the slow part). */
  private static synchronized PKey key(KeyType type) throws CryptoException {
    PKey k = KEYS.get(type);
    if (k == null) {
      k = PKey.generate(type);
      KEYS.put(type, k);
    }
    return k;
  }

  private static Map<String, Object> pyLoad(String filetype, byte[] data, Object... more) {
    Object[] args = new Object[4 + more.length];
    args[0] = "filetype";
    args[1] = filetype;
    args[2] = "data";
    args[3] = data;
    System.arraycopy(more, 0, args, 4, more.length);
    return py.callMap("pkey", args);
  }

  private static byte[] pyEncrypt(PKey key) throws CryptoException {
    return bytes(
        ok(
            py.call(
                "pkey_dump_encrypted",
                "filetype",
                "PEM",
                "data",
                Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key),
                "cipher",
                "aes256",
                "passphrase",
                PASSPHRASE)));
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  // ---- generation, properties and unencrypted dumps

  @ParameterizedTest
  @EnumSource(names = {"RSA_2048", "RSA_3072", "EC_P256", "EC_P384", "EC_P521", "ED25519", "ED448"})
  void propertiesAndDumpsMatchPyOpenSsl(KeyType type) throws Exception {
    PKey key = key(type);
    byte[] pem = Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key);
    byte[] der = Crypto.dumpPrivateKey(Crypto.FILETYPE_ASN1, key);
    Map<String, Object> fromPem = okMap(pyLoad("PEM", pem));

    assertEquals(integer(fromPem.get("type")), key.type(), "type()");
    assertEquals(integer(fromPem.get("bits")), key.bits(), "bits()");
    assertTrue(key.hasPrivateKey());
    // pyOpenSSL's dumps of the key it loaded from ours are byte for byte ours.
    assertEquals(ascii(bytes(fromPem.get("pem"))), ascii(pem), "PEM (PKCS#8)");
    assertTrue(ascii(pem).startsWith("-----BEGIN PRIVATE KEY-----\n"), "PEM is PKCS#8");
    assertArrayEquals(bytes(fromPem.get("asn1")), der, "ASN1 (traditional)");
    assertArrayEquals(
        bytes(fromPem.get("public_pem")), Crypto.dumpPublicKey(Crypto.FILETYPE_PEM, key));
    assertArrayEquals(
        bytes(fromPem.get("public_der")), Crypto.dumpPublicKey(Crypto.FILETYPE_ASN1, key));
    assertArrayEquals(bytes(fromPem.get("public_der")), key.toPublicDer());
    assertEquals(ascii(bytes(fromPem.get("public_pem"))), key.toPublicPem());
    assertEquals(ascii(pem), key.toPem());

    // pyOpenSSL reads our DER dump as the same key.
    Map<String, Object> fromDer = okMap(pyLoad("ASN1", der));
    assertArrayEquals(pem, bytes(fromDer.get("pem")));

    // check(): pyOpenSSL checks only RSA keys; jossl checks every type OpenSSL can check.
    assertTrue(key.check());
    if (key.type() == PKey.TYPE_RSA) {
      assertEquals(Boolean.TRUE, ok(fromPem.get("check")));
    } else {
      Map<String, Object> r = raised(fromPem.get("check"));
      assertRaisedType("TypeError", r);
    }

    // TEXT: pyOpenSSL prints RSA keys only (RSA_print); every type against `openssl pkey -text`.
    String text =
        new String(Crypto.dumpPrivateKey(Crypto.FILETYPE_TEXT, key), StandardCharsets.UTF_8);
    if (key.type() == PKey.TYPE_RSA) {
      assertEquals(ascii(bytes(ok(fromPem.get("text")))), text);
    } else {
      assertRaisedType("TypeError", raised(fromPem.get("text")));
      assertEquals(opensslOk(null, pem, "pkey", "-text", "-noout"), text);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"RSA_2048", "EC_P256", "EC_P384", "EC_P521", "ED25519", "ED448"})
  void traditionalPemIsWhatOpensslWritesWithTraditional(KeyType type) throws Exception {
    PKey key = key(type);
    byte[] pkcs8 = key.toPem().getBytes(StandardCharsets.US_ASCII);
    var openssl = PeerResults.openssl(null, pkcs8, "pkey", "-traditional");
    if (key.type() == PKey.TYPE_ED25519 || key.type() == PKey.TYPE_ED448) {
      // These types have no traditional form: openssl refuses, jossl falls back to PKCS#8.
      assertNotEquals(0, openssl.exitCode());
      assertEquals(key.toPem(), key.toTraditionalPem());
    } else {
      assertEquals(0, openssl.exitCode(), openssl.stderr());
      assertEquals(openssl.stdout(), key.toTraditionalPem());
      assertFalse(key.toTraditionalPem().startsWith("-----BEGIN PRIVATE KEY-----"));
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"RSA_2048", "EC_P256", "ED25519", "ED448"})
  void typeNameIsTheAlgorithmNameOpensslGeneratesTheSameTypeFrom(KeyType type) throws Exception {
    PKey key = key(type);
    String name = key.typeName();
    List<String> args =
        switch (key.type()) {
          case PKey.TYPE_RSA -> List.of("-pkeyopt", "rsa_keygen_bits:1024");
          case PKey.TYPE_EC -> List.of("-pkeyopt", "ec_paramgen_curve:P-256");
          default -> List.of();
        };
    List<String> command = new java.util.ArrayList<>(List.of("genpkey", "-algorithm", name));
    command.addAll(args);
    byte[] generated =
        opensslOk(null, null, command.toArray(String[]::new)).getBytes(StandardCharsets.US_ASCII);
    assertEquals(key.type(), integer(okMap(pyLoad("PEM", generated)).get("type")));
    try (PKey other = Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, generated)) {
      assertEquals(name, other.typeName());
      assertEquals(key.type(), other.type());
    }
  }

  @Test
  void keysMadeByOpensslLoadTheSameInBoth() throws Exception {
    byte[] pem =
        opensslOk(null, null, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384")
            .getBytes(StandardCharsets.US_ASCII);
    Map<String, Object> r = okMap(pyLoad("PEM", pem));
    try (PKey key = Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, pem)) {
      assertEquals(integer(r.get("type")), key.type());
      assertEquals(integer(r.get("bits")), key.bits());
      assertArrayEquals(bytes(r.get("pem")), Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key));
      assertArrayEquals(bytes(r.get("asn1")), Crypto.dumpPrivateKey(Crypto.FILETYPE_ASN1, key));
      // and the traditional DER that pyOpenSSL writes loads back in jossl
      try (PKey again = Crypto.loadPrivateKey(Crypto.FILETYPE_ASN1, bytes(r.get("asn1")))) {
        assertEquals(key, again);
      }
    }
  }

  // ---- encryption

  @ParameterizedTest
  @EnumSource(names = {"RSA_2048", "EC_P256", "ED25519", "ED448"})
  void pyOpenSslEncryptedKeysLoadWithBytesAndWithCallback(KeyType type) throws Exception {
    PKey key = key(type);
    byte[] encrypted = pyEncrypt(key);
    assertTrue(
        ascii(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), ascii(encrypted));
    try (PKey viaBytes = Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, encrypted, PASSPHRASE)) {
      assertEquals(key, viaBytes);
      assertArrayEquals(
          Crypto.dumpPrivateKey(Crypto.FILETYPE_ASN1, key),
          Crypto.dumpPrivateKey(Crypto.FILETYPE_ASN1, viaBytes));
    }
    AtomicInteger calls = new AtomicInteger();
    List<Boolean> writing = new java.util.ArrayList<>();
    PassphraseCallback callback =
        forWriting -> {
          calls.incrementAndGet();
          writing.add(forWriting);
          return PASSPHRASE.clone();
        };
    try (PKey viaCallback = Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, encrypted, callback)) {
      assertEquals(key, viaCallback);
    }
    assertEquals(1, calls.get());
    assertEquals(List.of(false), writing, "rwflag is 0 when reading");
  }

  @ParameterizedTest
  @EnumSource(names = {"RSA_2048", "EC_P384", "ED25519"})
  void josslEncryptedKeysLoadInPyOpenSsl(KeyType type) throws Exception {
    PKey key = key(type);
    byte[] der = Crypto.dumpPrivateKey(Crypto.FILETYPE_ASN1, key);
    byte[] encrypted = Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key, "aes256", PASSPHRASE);
    assertTrue(ascii(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    // Encryption salts and IVs are random: two dumps differ, both decrypt to the key.
    assertNotEquals(
        ascii(encrypted),
        ascii(Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key, "aes256", PASSPHRASE)));
    for (String mode : List.of("bytes", "callback")) {
      Map<String, Object> r =
          okMap(pyLoad("PEM", encrypted, "passphrase", PASSPHRASE, "mode", mode));
      assertArrayEquals(der, bytes(r.get("asn1")), mode);
    }
    AtomicInteger calls = new AtomicInteger();
    byte[] viaCallback =
        Crypto.dumpPrivateKey(
            Crypto.FILETYPE_PEM,
            key,
            "aes-128-cbc",
            forWriting -> {
              calls.incrementAndGet();
              assertTrue(forWriting, "rwflag is 1 when writing");
              return PASSPHRASE.clone();
            });
    assertEquals(1, calls.get());
    assertArrayEquals(
        der, bytes(okMap(pyLoad("PEM", viaCallback, "passphrase", PASSPHRASE)).get("asn1")));
    try (PKey back = Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, viaCallback, PASSPHRASE)) {
      assertEquals(key, back);
    }
  }

  @Test
  void wrongPassphraseFailsWithPyOpenSslsErrors() throws Exception {
    for (byte[] encrypted :
        List.of(
            pyEncrypt(key(KeyType.EC_P256)),
            Crypto.dumpPrivateKey(
                Crypto.FILETYPE_PEM, key(KeyType.RSA_2048), "aes256", PASSPHRASE))) {
      Map<String, Object> r = raised(pyLoad("PEM", encrypted, "passphrase", WRONG));
      assertRaisedType("Error", r);
      CryptoException e =
          assertThrows(
              CryptoException.class,
              () -> Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, encrypted, WRONG));
      assertEquals(r.get("str"), e.pyOpenSslString());
      assertFalse(e.errors().isEmpty());
      CryptoException viaCallback =
          assertThrows(
              CryptoException.class,
              () -> Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, encrypted, rw -> WRONG.clone()));
      assertEquals(r.get("str"), viaCallback.pyOpenSslString());
    }
  }

  @Test
  void encryptedKeyWithoutPassphraseFailsWithoutPrompting() throws Exception {
    byte[] encrypted = pyEncrypt(key(KeyType.EC_P256));
    // OpenSSL's default callback would read the terminal: jossl must fail at once instead.
    CryptoException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> {
              CryptoException thrown =
                  assertThrows(
                      CryptoException.class,
                      () -> Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, encrypted));
              assertTrue(ErrorQueue.isEmpty(), "the error queue was drained");
              return thrown;
            });
    assertFalse(e.errors().isEmpty(), "OpenSSL's reasons are kept: " + e);
  }

  @Test
  void callbackExceptionsAreRethrownToTheCaller() throws Exception {
    byte[] encrypted = pyEncrypt(key(KeyType.EC_P256));
    // pyOpenSSL re-raises what its callback raised, not a crypto.Error.
    assertRaisedType(
        "LookupError",
        raised(pyLoad("PEM", encrypted, "passphrase", PASSPHRASE, "mode", "raising_callback")));

    IllegalStateException unchecked = new IllegalStateException("no passphrase here");
    assertSame(
        unchecked,
        assertThrows(
            IllegalStateException.class,
            () ->
                Crypto.loadPrivateKey(
                    Crypto.FILETYPE_PEM,
                    encrypted,
                    rw -> {
                      throw unchecked;
                    })));
    IOException checked = new IOException("vault unreachable");
    CryptoException wrapped =
        assertThrows(
            CryptoException.class,
            () ->
                Crypto.loadPrivateKey(
                    Crypto.FILETYPE_PEM,
                    encrypted,
                    rw -> {
                      throw checked;
                    }));
    assertSame(checked, wrapped.getCause());
    // on writing too
    assertSame(
        unchecked,
        assertThrows(
            IllegalStateException.class,
            () ->
                Crypto.dumpPrivateKey(
                    Crypto.FILETYPE_PEM,
                    key(KeyType.EC_P256),
                    "aes256",
                    rw -> {
                      throw unchecked;
                    })));
  }

  @Test
  void tooLongCallbackPassphraseIsRefused() throws Exception {
    byte[] encrypted = pyEncrypt(key(KeyType.EC_P256));
    Map<String, Object> r =
        raised(pyLoad("PEM", encrypted, "passphrase", PASSPHRASE, "mode", "long_callback"));
    assertRaisedType("ValueError", r);
    byte[] tooLong = new byte[5000];
    java.util.Arrays.fill(tooLong, (byte) 'x');
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, encrypted, rw -> tooLong.clone()));
    assertTrue(e.getMessage().contains("too long"), e.getMessage());
  }

  @Test
  void argumentErrorsMatchPyOpenSsl() throws Exception {
    PKey key = key(KeyType.EC_P256);
    byte[] pem = Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key);
    Map<String, Object> badType = raised(pyLoad("TEXT", pem));
    assertRaisedType("ValueError", badType);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Crypto.loadPrivateKey(Crypto.FILETYPE_TEXT, pem));
    assertEquals(badType.get("str"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Crypto.loadPublicKey(Crypto.FILETYPE_TEXT, pem));

    Map<String, Object> derEncrypted =
        raised(
            py.call(
                "pkey_dump_encrypted",
                "filetype",
                "PEM",
                "data",
                pem,
                "out",
                "ASN1",
                "cipher",
                "aes256",
                "passphrase",
                PASSPHRASE));
    assertRaisedType("ValueError", derEncrypted);
    IllegalArgumentException e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> Crypto.dumpPrivateKey(Crypto.FILETYPE_ASN1, key, "aes256", PASSPHRASE));
    assertEquals(derEncrypted.get("str"), e2.getMessage());

    Map<String, Object> badCipher =
        raised(
            py.call(
                "pkey_dump_encrypted",
                "filetype",
                "PEM",
                "data",
                pem,
                "cipher",
                "no-such-cipher",
                "passphrase",
                PASSPHRASE));
    assertRaisedType("ValueError", badCipher);
    IllegalArgumentException e3 =
        assertThrows(
            IllegalArgumentException.class,
            () -> Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key, "no-such-cipher", PASSPHRASE));
    assertTrue(e3.getMessage().startsWith((String) badCipher.get("str")), e3.getMessage());
  }

  @Test
  void garbageFailsAsInPyOpenSsl() {
    for (byte[] garbage :
        List.of(
            "garbage".getBytes(StandardCharsets.US_ASCII),
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n"
                .getBytes(StandardCharsets.US_ASCII))) {
      Map<String, Object> r = raised(pyLoad("PEM", garbage));
      assertRaisedType("Error", r);
      CryptoException e =
          assertThrows(
              CryptoException.class, () -> Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, garbage));
      assertEquals(r.get("str"), e.pyOpenSslString());
    }
    for (byte[] der :
        List.of(new byte[] {0x30, 0x03, 0x02, 0x01}, new byte[0], "garbage".getBytes())) {
      Map<String, Object> r = raised(pyLoad("ASN1", der));
      CryptoException e =
          assertThrows(
              CryptoException.class, () -> Crypto.loadPrivateKey(Crypto.FILETYPE_ASN1, der));
      assertEquals(r.get("str"), e.pyOpenSslString());
      Map<String, Object> rp = raised(pyLoad("ASN1", der, "public", true));
      CryptoException ep =
          assertThrows(
              CryptoException.class, () -> Crypto.loadPublicKey(Crypto.FILETYPE_ASN1, der));
      assertEquals(rp.get("str"), ep.pyOpenSslString());
    }
  }

  @Test
  void inconsistentRsaKeyFailsCheckAsInPyOpenSsl() throws Exception {
    RSAPrivateCrtKey good = (RSAPrivateCrtKey) key(KeyType.RSA_2048).toJavaPrivateKey();
    RSAPrivateCrtKeySpec broken =
        new RSAPrivateCrtKeySpec(
            good.getModulus(),
            good.getPublicExponent(),
            good.getPrivateExponent().add(BigInteger.TWO),
            good.getPrimeP(),
            good.getPrimeQ(),
            good.getPrimeExponentP(),
            good.getPrimeExponentQ(),
            good.getCrtCoefficient());
    PrivateKey javaKey = KeyFactory.getInstance("RSA").generatePrivate(broken);
    try (PKey bad = PKey.fromJava(javaKey)) {
      Map<String, Object> r = raised(okMap(pyLoad("ASN1", javaKey.getEncoded())).get("check"));
      assertRaisedType("Error", r);
      CryptoException e = assertThrows(CryptoException.class, bad::check);
      assertEquals(r.get("str"), e.pyOpenSslString());
    }
  }

  // ---- public keys

  @ParameterizedTest
  @EnumSource(names = {"RSA_2048", "EC_P256", "EC_P521", "ED25519", "ED448"})
  void publicKeysRoundTrip(KeyType type) throws Exception {
    PKey key = key(type);
    try (PKey pub = key.publicKey()) {
      assertFalse(pub.hasPrivateKey());
      byte[] pem = Crypto.dumpPublicKey(Crypto.FILETYPE_PEM, pub);
      byte[] der = Crypto.dumpPublicKey(Crypto.FILETYPE_ASN1, pub);
      Map<String, Object> r = okMap(pyLoad("PEM", pem, "public", true));
      assertEquals(integer(r.get("type")), pub.type());
      assertEquals(integer(r.get("bits")), pub.bits());
      assertArrayEquals(bytes(r.get("public_pem")), pem);
      assertArrayEquals(bytes(r.get("public_der")), der);
      assertArrayEquals(pem, bytes(okMap(pyLoad("ASN1", der, "public", true)).get("public_pem")));

      // A public key cannot be checked or dumped as a private key, in either library.
      Map<String, Object> check = raised(r.get("check"));
      assertRaisedType("TypeError", check);
      IllegalStateException e = assertThrows(IllegalStateException.class, pub::check);
      assertEquals(check.get("str"), e.getMessage());
      assertThrows(
          IllegalStateException.class, () -> Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, pub));

      for (String ft : List.of("PEM", "ASN1")) {
        byte[] data = ft.equals("PEM") ? pem : der;
        try (PKey loaded =
            Crypto.loadPublicKey(
                ft.equals("PEM") ? Crypto.FILETYPE_PEM : Crypto.FILETYPE_ASN1, data)) {
          assertFalse(loaded.hasPrivateKey());
          assertEquals(pub, loaded);
          assertArrayEquals(der, loaded.toPublicDer());
        }
      }
    }
  }

  @Test
  void privateKeyIsNotAPublicKey() throws Exception {
    byte[] pem = Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key(KeyType.EC_P256));
    Map<String, Object> r = raised(pyLoad("PEM", pem, "public", true));
    assertRaisedType("Error", r);
    CryptoException e =
        assertThrows(CryptoException.class, () -> Crypto.loadPublicKey(Crypto.FILETYPE_PEM, pem));
    assertEquals(r.get("str"), e.pyOpenSslString());
  }

  // ---- java.security bridges

  @ParameterizedTest
  @EnumSource(names = {"RSA_2048", "RSA_3072", "EC_P256", "EC_P384", "EC_P521", "ED25519", "ED448"})
  void javaBridgesKeepTheKey(KeyType type) throws Exception {
    PKey key = key(type);
    PrivateKey priv = key.toJavaPrivateKey();
    PublicKey pub = key.toJavaPublicKey();
    assertArrayEquals(key.toPublicDer(), pub.getEncoded());
    assertArrayEquals(key.toPkcs8Der(), priv.getEncoded());

    try (PKey back = PKey.fromJava(priv);
        PKey backPub = PKey.fromJava(pub)) {
      assertTrue(back.hasPrivateKey());
      assertFalse(backPub.hasPrivateKey());
      assertEquals(key, back);
      assertEquals(key, backPub);
      assertArrayEquals(
          Crypto.dumpPrivateKey(Crypto.FILETYPE_ASN1, key),
          Crypto.dumpPrivateKey(Crypto.FILETYPE_ASN1, back));
    }
    // pyOpenSSL reads the JDK's encodings as the same key.
    assertArrayEquals(
        key.toPublicDer(),
        bytes(okMap(pyLoad("ASN1", pub.getEncoded(), "public", true)).get("public_der")));

    // The JDK signs with the bridged private key and verifies with the bridged public key.
    String algorithm =
        switch (key.type()) {
          case PKey.TYPE_RSA -> "SHA256withRSA";
          case PKey.TYPE_EC -> "SHA256withECDSA";
          case PKey.TYPE_ED25519 -> "Ed25519";
          default -> "Ed448";
        };
    byte[] message = "signed by jossl's key".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(priv);
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(pub);
    verifier.update(message);
    assertTrue(verifier.verify(signature));
  }

  // ---- equality

  @Test
  void equalityIsOpenSslsKeyComparison() throws Exception {
    PKey a = key(KeyType.EC_P256);
    byte[] pem = Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, a);
    try (PKey sameKey = Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, pem);
        PKey other = PKey.generate(KeyType.EC_P256);
        PKey pub = a.publicKey()) {
      assertEquals(a, sameKey);
      assertEquals(a.hashCode(), sameKey.hashCode());
      assertNotEquals(a, other);
      // EVP_PKEY_eq compares the public components: a key equals its public half.
      assertEquals(a, pub);
      assertEquals(a.hashCode(), pub.hashCode());
      assertNotEquals(a, key(KeyType.EC_P384));
      assertNotEquals(a, key(KeyType.ED25519));
      assertNotEquals(a, "not a key");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {511, 0, -1})
  void tooSmallRsaIsRefused(int bits) {
    assertThrows(IllegalArgumentException.class, () -> PKey.generateRsa(bits));
  }

  @Test
  void closedKeyIsRefused() throws Exception {
    PKey k = PKey.generate(KeyType.ED25519);
    k.close();
    k.close();
    assertThrows(IllegalStateException.class, k::bits);
    assertThrows(IllegalStateException.class, () -> Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, k));
  }
}
