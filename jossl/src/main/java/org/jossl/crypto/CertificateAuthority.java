package org.jossl.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A test PKI in a few lines, for tests of code that uses TLS (like Python's {@code trustme} or
 * OkHttp's {@code HeldCertificate}): a root, intermediates, and leaf certificates for {@code
 * localhost}, IP addresses or any names; expired or not-yet-valid on request; revocation with a
 * signed CRL; everything writable as PEM files.
 *
 * <pre>{@code
 * CertificateAuthority root = CertificateAuthority.create();
 * CertificateAuthority ca = root.intermediate("Test Intermediate CA");
 * IssuedCertificate server = ca.issue("localhost", "127.0.0.1", "::1");
 * server.writeTo(dir, "server");       // server.pem, server.key, server-chain.pem
 * root.writeTo(dir);                   // ca.pem, ca.key
 * }</pre>
 *
 * <p>Keys are ECDSA P-256 unless another {@link KeyType} is asked for. Certificates follow RFC 5280
 * (key identifiers, basic constraints, key usage, extended key usage), so OpenSSL, Python and JSSE
 * accept them.
 */
public final class CertificateAuthority {
  private final X509 certificate;
  private final PKey key;
  private final CertificateAuthority parent;
  private final List<Revoked> revoked = new ArrayList<>();
  private BigInteger crlNumber = BigInteger.ZERO;
  private String crlUri;

  private CertificateAuthority(X509 certificate, PKey key, CertificateAuthority parent) {
    this.certificate = certificate;
    this.key = key;
    this.parent = parent;
  }

  /** A new self-signed root: "jossl Test Root CA", ECDSA P-256, valid ten years. */
  public static CertificateAuthority create() throws CryptoException {
    return builder().build();
  }

  /** A builder for a new self-signed root. */
  public static Builder builder() {
    return new Builder(null, "jossl Test Root CA");
  }

  /**
   * A CA from an existing certificate and its private key (e.g. files written by {@link
   * #writeTo(Path)}), to issue more certificates.
   */
  public static CertificateAuthority of(X509 certificate, PKey key) {
    return new CertificateAuthority(
        Objects.requireNonNull(certificate), Objects.requireNonNull(key), null);
  }

  /** Loads {@code ca.pem} and {@code ca.key} from {@code dir}, as {@link #writeTo} wrote them. */
  public static CertificateAuthority load(Path dir) throws IOException, CryptoException {
    X509 cert = X509.fromPem(Files.readAllBytes(dir.resolve("ca.pem")));
    PKey key =
        Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, Files.readAllBytes(dir.resolve("ca.key")));
    return of(cert, key);
  }

  /** A new intermediate CA under this one (path length 0: it issues only leaves). */
  public CertificateAuthority intermediate(String commonName) throws CryptoException {
    return intermediateBuilder(commonName).build();
  }

  /** A builder for an intermediate CA under this one. */
  public Builder intermediateBuilder(String commonName) {
    return new Builder(this, commonName).pathLength(0);
  }

  /**
   * A leaf certificate for {@code names} with default settings (server and client use, valid 90
   * days). Names that parse as IP addresses become IP SANs, names with '@' email SANs, the rest DNS
   * SANs; the first name is also the common name.
   */
  public IssuedCertificate issue(String... names) throws CryptoException {
    return leaf(names).build();
  }

  /** A builder for a leaf certificate for {@code names}. */
  public LeafBuilder leaf(String... names) {
    return new LeafBuilder(this, List.of(names));
  }

  /** Puts a CRL distribution point with this URI into the certificates issued from now on. */
  public CertificateAuthority crlDistributionPoint(String uri) {
    this.crlUri = uri;
    return this;
  }

  /** Revokes {@code certificate} (reason unspecified); it appears in the next {@link #crl()}. */
  public synchronized CertificateAuthority revoke(X509 certificate) throws CryptoException {
    return revoke(certificate, null);
  }

  /**
   * Revokes {@code certificate} for {@code reason} (a CRL reason code such as 1, keyCompromise).
   */
  public synchronized CertificateAuthority revoke(X509 certificate, Integer reason)
      throws CryptoException {
    revoked.add(new Revoked(certificate.getSerialNumber(), Instant.now().minusSeconds(60), reason));
    return this;
  }

  /** A freshly signed CRL of everything revoked so far (valid from a minute ago for a week). */
  public synchronized Crl crl() throws CryptoException {
    crlNumber = crlNumber.add(BigInteger.ONE);
    Crl.Builder b =
        Crl.builder(certificate, key)
            .crlNumber(crlNumber)
            .lastUpdate(Instant.now().minusSeconds(60))
            .nextUpdate(Instant.now().plus(Duration.ofDays(7)));
    for (Revoked r : revoked) {
      b.addRevoked(r.serialNumber(), r.revocationDate(), r.reason());
    }
    return b.sign("sha256");
  }

  /** This CA's certificate. */
  public X509 certificate() {
    return certificate;
  }

  /** This CA's private key. */
  public PKey key() {
    return key;
  }

  /** The CA that issued this one, or null for a root. */
  public CertificateAuthority parent() {
    return parent;
  }

  /** The root of this CA's hierarchy (this CA if it is a root). */
  public CertificateAuthority root() {
    return parent == null ? this : parent.root();
  }

  /** This CA's certificate in PEM. */
  public String certificatePem() throws CryptoException {
    return certificate.toPem();
  }

  /** This CA's certificate followed by its issuers' up to the root. */
  public List<X509> chain() {
    List<X509> out = new ArrayList<>();
    for (CertificateAuthority ca = this; ca != null; ca = ca.parent) {
      out.add(ca.certificate);
    }
    return out;
  }

  /**
   * Writes {@code ca.pem} (certificate) and {@code ca.key} (unencrypted PKCS#8) into {@code dir}.
   */
  public Path writeTo(Path dir) throws IOException, CryptoException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("ca.pem"), certificate.toPem(), StandardCharsets.US_ASCII);
    Path keyFile = dir.resolve("ca.key");
    Files.writeString(keyFile, key.toPem(), StandardCharsets.US_ASCII);
    IssuedCertificate.restrict(keyFile);
    return dir;
  }

  /** Settings of a new CA certificate. */
  public static final class Builder {
    private final CertificateAuthority issuer;
    private String commonName;
    private String organization = "jossl test PKI";
    private KeyType keyType = KeyType.EC_P256;
    private Instant notBefore;
    private Instant notAfter;
    private int pathLength = -1;

    private Builder(CertificateAuthority issuer, String commonName) {
      this.issuer = issuer;
      this.commonName = commonName;
    }

    /** The common name. */
    public Builder commonName(String commonName) {
      this.commonName = Objects.requireNonNull(commonName);
      return this;
    }

    /** The organization name (default "jossl test PKI"). */
    public Builder organization(String organization) {
      this.organization = organization;
      return this;
    }

    /** The key type (default ECDSA P-256). */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType);
      return this;
    }

    /** Validity (default: from an hour ago for ten years). */
    public Builder validity(Instant notBefore, Instant notAfter) {
      this.notBefore = notBefore;
      this.notAfter = notAfter;
      return this;
    }

    /** The basic constraints path length (default: none for a root, 0 for an intermediate). */
    public Builder pathLength(int pathLength) {
      this.pathLength = pathLength;
      return this;
    }

    /** Generates the key and signs the certificate. */
    public CertificateAuthority build() throws CryptoException {
      PKey newKey = keyType.generate();
      X509Name.Builder name = X509Name.builder();
      if (organization != null) {
        name.add("O", organization);
      }
      X509Name subject = name.add("CN", commonName).build();
      Instant from = notBefore != null ? notBefore : Instant.now().minus(Duration.ofHours(1));
      Instant to = notAfter != null ? notAfter : from.plus(Duration.ofDays(3650));
      X509Builder b =
          X509.builder()
              .subject(subject)
              .issuer(issuer == null ? subject : issuer.certificate.getSubject())
              .publicKey(newKey)
              .notBefore(from)
              .notAfter(to)
              .basicConstraints(true, pathLength)
              .keyUsage(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN)
              .subjectKeyIdentifier();
      if (issuer == null) {
        b.authorityKeyIdentifierSelf();
      } else {
        b.authorityKeyIdentifier(issuer.certificate);
        if (issuer.crlUri != null) {
          b.crlDistributionPoints(issuer.crlUri);
        }
      }
      X509 cert = b.sign(issuer == null ? newKey : issuer.key, "sha256");
      return new CertificateAuthority(cert, newKey, issuer);
    }
  }

  /** Settings of a new leaf certificate. */
  public static final class LeafBuilder {
    private final CertificateAuthority issuer;
    private final List<String> names;
    private final List<GeneralName> extraNames = new ArrayList<>();
    private String commonName;
    private X509Name subject;
    private KeyType keyType = KeyType.EC_P256;
    private Instant notBefore;
    private Instant notAfter;
    private List<String> purposes = List.of("serverAuth", "clientAuth");
    private List<String> ocsp = List.of();
    private List<String> caIssuers = List.of();

    private LeafBuilder(CertificateAuthority issuer, List<String> names) {
      this.issuer = issuer;
      this.names = List.copyOf(names);
      this.commonName = names.isEmpty() ? null : names.getFirst();
    }

    /** The key type (default ECDSA P-256). */
    public LeafBuilder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType);
      return this;
    }

    /** The common name (default: the first name; null for none). */
    public LeafBuilder commonName(String commonName) {
      this.commonName = commonName;
      return this;
    }

    /** A whole subject name instead of just a common name. */
    public LeafBuilder subject(X509Name subject) {
      this.subject = subject;
      return this;
    }

    /** Adds subject alternative names of any kind. */
    public LeafBuilder altNames(GeneralName... names) {
      extraNames.addAll(List.of(names));
      return this;
    }

    /** Validity (default: from an hour ago for 90 days). */
    public LeafBuilder validity(Instant notBefore, Instant notAfter) {
      this.notBefore = notBefore;
      this.notAfter = notAfter;
      return this;
    }

    /** Makes a certificate that expired yesterday. */
    public LeafBuilder expired() {
      return validity(
          Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
    }

    /** Makes a certificate that becomes valid tomorrow. */
    public LeafBuilder notYetValid() {
      return validity(
          Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    /** Extended key usages (default serverAuth and clientAuth); none to leave the extension out. */
    public LeafBuilder purposes(String... purposes) {
      this.purposes = List.of(purposes);
      return this;
    }

    /** Authority information access URIs (default none). */
    public LeafBuilder authorityInfoAccess(List<String> ocsp, List<String> caIssuers) {
      this.ocsp = List.copyOf(ocsp);
      this.caIssuers = List.copyOf(caIssuers);
      return this;
    }

    /** Generates the key and signs the certificate. */
    public IssuedCertificate build() throws CryptoException {
      PKey newKey = keyType.generate();
      X509Name name = subject;
      if (name == null) {
        X509Name.Builder nb = X509Name.builder();
        if (commonName != null) {
          nb.add("CN", commonName);
        }
        name = nb.build();
      }
      Instant from = notBefore != null ? notBefore : Instant.now().minus(Duration.ofHours(1));
      Instant to = notAfter != null ? notAfter : from.plus(Duration.ofDays(90));
      List<GeneralName> sans = new ArrayList<>();
      for (String n : names) {
        sans.add(nameFor(n));
      }
      sans.addAll(extraNames);
      X509Builder b =
          X509.builder()
              .subject(name)
              .issuer(issuer.certificate.getSubject())
              .publicKey(newKey)
              .notBefore(from)
              .notAfter(to)
              .basicConstraints(false, -1);
      if (keyType.name().startsWith("RSA")) {
        b.keyUsage(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT);
      } else {
        b.keyUsage(KeyUsage.DIGITAL_SIGNATURE);
      }
      if (!purposes.isEmpty()) {
        b.extendedKeyUsage(purposes.toArray(String[]::new));
      }
      if (!sans.isEmpty()) {
        b.subjectAltNames(subject == null && commonName == null, sans);
      }
      b.subjectKeyIdentifier().authorityKeyIdentifier(issuer.certificate);
      if (!ocsp.isEmpty() || !caIssuers.isEmpty()) {
        b.authorityInfoAccess(ocsp, caIssuers);
      }
      if (issuer.crlUri != null) {
        b.crlDistributionPoints(issuer.crlUri);
      }
      X509 cert = b.sign(issuer.key, "sha256");
      return new IssuedCertificate(cert, newKey, issuer);
    }

    private static GeneralName nameFor(String n) {
      if (n.matches("\\d{1,3}(\\.\\d{1,3}){3}") || n.contains(":")) {
        return GeneralName.ip(n);
      }
      if (n.contains("@")) {
        return GeneralName.email(n);
      }
      return GeneralName.dns(n);
    }
  }
}
