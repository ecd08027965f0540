package org.jossl.crypto;

/** Key algorithms and sizes that {@link PKey#generate(KeyType)} makes in one call. */
public enum KeyType {
  /** RSA, 2048-bit modulus. */
  RSA_2048,
  /** RSA, 3072-bit modulus. */
  RSA_3072,
  /** RSA, 4096-bit modulus. */
  RSA_4096,
  /** ECDSA on NIST P-256 ({@code prime256v1}). */
  EC_P256,
  /** ECDSA on NIST P-384 ({@code secp384r1}). */
  EC_P384,
  /** ECDSA on NIST P-521 ({@code secp521r1}). */
  EC_P521,
  /** Ed25519 (RFC 8032). */
  ED25519,
  /** Ed448 (RFC 8032). */
  ED448;

  /** Generates a key of this type. */
  public PKey generate() throws CryptoException {
    return PKey.generate(this);
  }

  /**
   * Parses the command-line spellings {@code rsa}, {@code rsa2048}, {@code rsa3072}, {@code
   * rsa4096}, {@code ec}, {@code p256}, {@code p384}, {@code p521}, {@code ed25519}, {@code ed448}.
   */
  public static KeyType parse(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "")) {
      case "rsa", "rsa2048" -> RSA_2048;
      case "rsa3072" -> RSA_3072;
      case "rsa4096" -> RSA_4096;
      case "ec", "ecdsa", "p256", "ecp256", "prime256v1", "secp256r1" -> EC_P256;
      case "p384", "ecp384", "secp384r1" -> EC_P384;
      case "p521", "ecp521", "secp521r1" -> EC_P521;
      case "ed25519" -> ED25519;
      case "ed448" -> ED448;
      default ->
          throw new IllegalArgumentException(
              "unknown key type '"
                  + s
                  + "' (use rsa, rsa3072, rsa4096, ec, p384, p521, ed25519 or ed448)");
    };
  }
}
