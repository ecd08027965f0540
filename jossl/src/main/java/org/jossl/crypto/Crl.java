package org.jossl.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.NativeRef;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * A certificate revocation list; pyOpenSSL's {@code OpenSSL.crypto.CRL}, over OpenSSL's {@code
 * X509_CRL}. Immutable; {@link #builder(X509, PKey)} makes and signs one.
 */
public final class Crl implements AutoCloseable {
  final NativeRef ref;

  private Crl(MemorySegment crl) {
    this.ref = NativeRef.own(crl, "X509_CRL", LibCrypto::X509_CRL_free);
  }

  /** Loads a CRL in PEM or DER. Python: {@code load_crl(type, buffer)} */
  static Crl load(int type, byte[] buffer) throws CryptoException {
    Crypto.checkFiletype(type);
    if (type == Crypto.FILETYPE_ASN1) {
      MemorySegment crl =
          PKey.d2iBio(buffer, bio -> LibCrypto.d2i_X509_CRL_bio(bio, MemorySegment.NULL));
      return new Crl(Errors.notNull(crl, "d2i_X509_CRL_bio"));
    }
    try (Arena arena = Arena.ofConfined()) {
      // an encrypted PEM block makes OpenSSL ask the (refusing) passphrase upcall
      org.jossl.internal.ffi.Upcalls.ensureDeepStack();
      MemorySegment bio = PKey.readBio(arena, buffer);
      try {
        MemorySegment crl =
            LibCrypto.PEM_read_bio_X509_CRL(
                bio,
                MemorySegment.NULL,
                org.jossl.internal.Passphrases.CALLBACK,
                MemorySegment.NULL);
        return new Crl(Errors.notNull(crl, "PEM_read_bio_X509_CRL"));
      } finally {
        LibCrypto.BIO_free(bio);
      }
    }
  }

  /** A CRL from PEM text. */
  public static Crl fromPem(String pem) throws CryptoException {
    return load(Crypto.FILETYPE_PEM, pem.getBytes(StandardCharsets.US_ASCII));
  }

  /** A CRL from DER. */
  public static Crl fromDer(byte[] der) throws CryptoException {
    return load(Crypto.FILETYPE_ASN1, der);
  }

  byte[] dump(int type) throws CryptoException {
    if (type == Crypto.FILETYPE_ASN1) {
      byte[] der = ref.use(c -> Natives.i2d(c, LibCrypto::i2d_X509_CRL));
      if (der == null) {
        throw Errors.fromQueue("i2d_X509_CRL");
      }
      return der;
    }
    if (type == Crypto.FILETYPE_PEM) {
      return PKey.withBio(
          bio -> ref.use(c -> LibCrypto.PEM_write_bio_X509_CRL(bio, c) == 1),
          "PEM_write_bio_X509_CRL");
    }
    if (type == Crypto.FILETYPE_TEXT) {
      return PKey.withBio(
          bio -> ref.use(c -> LibCrypto.X509_CRL_print(bio, c) == 1), "X509_CRL_print");
    }
    throw new IllegalArgumentException(
        "type argument must be FILETYPE_PEM, FILETYPE_ASN1, or FILETYPE_TEXT");
  }

  /** The PEM encoding. */
  public String toPem() throws CryptoException {
    return new String(dump(Crypto.FILETYPE_PEM), StandardCharsets.US_ASCII);
  }

  /** The DER encoding. */
  public byte[] toDer() throws CryptoException {
    return dump(Crypto.FILETYPE_ASN1);
  }

  /** The issuer (a copy). Python: {@code CRL.get_issuer()} */
  public X509Name getIssuer() throws CryptoException {
    return ref.use(c -> X509Name.copyOf(LibCrypto.X509_CRL_get_issuer(c)));
  }

  /** When this CRL was issued (thisUpdate). */
  public Instant lastUpdate() throws CryptoException {
    return ref.use(
        c ->
            X509.parseGeneralizedTime(X509.generalizedTime(LibCrypto.X509_CRL_get0_lastUpdate(c))));
  }

  /** When the next CRL is due, or null if the CRL does not say. */
  public Instant nextUpdate() throws CryptoException {
    return ref.use(
        c -> {
          MemorySegment t = LibCrypto.X509_CRL_get0_nextUpdate(c);
          return Memory.isNull(t) ? null : X509.parseGeneralizedTime(X509.generalizedTime(t));
        });
  }

  /** The revoked entries. Python: {@code CRL.get_revoked()} */
  public List<Revoked> getRevoked() throws CryptoException {
    return ref.use(
        c -> {
          MemorySegment stack = LibCrypto.X509_CRL_get_REVOKED(c);
          List<Revoked> out = new ArrayList<>();
          for (int i = 0; i < Natives.stackSize(stack); i++) {
            MemorySegment r = Natives.stackValue(stack, i);
            BigInteger serial = X509.integerValue(LibCrypto.X509_REVOKED_get0_serialNumber(r));
            Instant date =
                X509.parseGeneralizedTime(
                    X509.generalizedTime(LibCrypto.X509_REVOKED_get0_revocationDate(r)));
            MemorySegment e =
                LibCrypto.X509_REVOKED_get_ext_d2i(
                    r, Constants.NID_crl_reason, MemorySegment.NULL, MemorySegment.NULL);
            Integer reason = null;
            if (!Memory.isNull(e)) {
              reason = (int) LibCrypto.ASN1_ENUMERATED_get(e);
              LibCrypto.ASN1_ENUMERATED_free(e);
            }
            ErrorQueue.clear();
            out.add(new Revoked(serial, date, reason));
          }
          return out;
        });
  }

  /** Whether {@code issuerKey} verifies this CRL's signature. OpenSSL: {@code X509_CRL_verify} */
  public boolean verify(PKey issuerKey) throws CryptoException {
    int r = ref.use(c -> issuerKey.ref.use(k -> LibCrypto.X509_CRL_verify(c, k)));
    if (r < 0) {
      throw Errors.fromQueue("X509_CRL_verify");
    }
    ErrorQueue.clear();
    return r == 1;
  }

  /** Frees the native CRL now (else the garbage collector does). Idempotent. */
  @Override
  public void close() {
    ref.close();
  }

  /** A builder for a CRL issued by {@code issuer}, to be signed with {@code issuerKey}. */
  public static Builder builder(X509 issuer, PKey issuerKey) {
    return new Builder(issuer, issuerKey);
  }

  /**
   * Builds and signs a version 2 CRL: pyOpenSSL's {@code CRL()} with {@code add_revoked}, {@code
   * set_lastUpdate}, {@code set_nextUpdate} and {@code sign}.
   */
  public static final class Builder {
    private final X509 issuer;
    private final PKey issuerKey;
    private Instant lastUpdate;
    private Instant nextUpdate;
    private BigInteger crlNumber = BigInteger.ONE;
    private final List<Revoked> revoked = new ArrayList<>();

    private Builder(X509 issuer, PKey issuerKey) {
      this.issuer = Objects.requireNonNull(issuer);
      this.issuerKey = Objects.requireNonNull(issuerKey);
    }

    /** thisUpdate (default: now). */
    public Builder lastUpdate(Instant when) {
      this.lastUpdate = when;
      return this;
    }

    /** nextUpdate (default: a week after lastUpdate). */
    public Builder nextUpdate(Instant when) {
      this.nextUpdate = when;
      return this;
    }

    /** The CRL number extension's value (default 1). */
    public Builder crlNumber(BigInteger number) {
      this.crlNumber = number;
      return this;
    }

    /** Revokes {@code serial} at {@code when} for {@code reason} (a CRL reason code, or null). */
    public Builder addRevoked(BigInteger serial, Instant when, Integer reason) {
      revoked.add(new Revoked(serial, when, reason));
      return this;
    }

    /** Revokes {@code certificate} now, reason unspecified. */
    public Builder revoke(X509 certificate) throws CryptoException {
      return addRevoked(certificate.getSerialNumber(), Instant.now(), null);
    }

    /**
     * Signs with the issuer's key and {@code digest} ("sha256").
     *
     * <p>OpenSSL: {@code X509_CRL_sign}
     */
    public Crl sign(String digest) throws CryptoException {
      Instant last = lastUpdate != null ? lastUpdate : Instant.now();
      Instant next = nextUpdate != null ? nextUpdate : last.plus(Duration.ofDays(7));
      MemorySegment md =
          issuerKey.type() == PKey.TYPE_ED25519 || issuerKey.type() == PKey.TYPE_ED448
              ? MemorySegment.NULL
              : Crypto.digest(digest);
      Crl crl = new Crl(Errors.notNull(LibCrypto.X509_CRL_new(), "X509_CRL_new"));
      MemorySegment c = crl.ref.acquire();
      try {
        Errors.check(LibCrypto.X509_CRL_set_version(c, 1) == 1, "X509_CRL_set_version");
        Errors.check(
            issuer.ref.use(
                    x -> LibCrypto.X509_CRL_set_issuer_name(c, LibCrypto.X509_get_subject_name(x)))
                == 1,
            "X509_CRL_set_issuer_name");
        setTime(c, last, true);
        setTime(c, next, false);
        for (Revoked r : revoked) {
          addEntry(c, r);
        }
        Errors.check(LibCrypto.X509_CRL_sort(c) == 1, "X509_CRL_sort");
        X509Extension number = X509Extension.fromDer("2.5.29.20", false, Der.integer(crlNumber));
        Errors.check(
            number.ref.use(e -> LibCrypto.X509_CRL_add_ext(c, e, -1)) == 1, "X509_CRL_add_ext");
        int signed = issuerKey.ref.use(k -> LibCrypto.X509_CRL_sign(c, k, md));
        Errors.check(signed > 0, "X509_CRL_sign");
      } catch (CryptoException | RuntimeException e) {
        crl.ref.release();
        crl.close();
        throw e;
      }
      crl.ref.release();
      return crl;
    }

    private static void setTime(MemorySegment c, Instant when, boolean last)
        throws CryptoException {
      MemorySegment t = Crypto.asn1Time(when);
      try {
        int ok =
            last
                ? LibCrypto.X509_CRL_set1_lastUpdate(c, t)
                : LibCrypto.X509_CRL_set1_nextUpdate(c, t);
        Errors.check(ok == 1, "X509_CRL_set1_" + (last ? "lastUpdate" : "nextUpdate"));
      } finally {
        LibCrypto.ASN1_TIME_free(t);
      }
    }

    private static void addEntry(MemorySegment c, Revoked r) throws CryptoException {
      MemorySegment rev = Errors.notNull(LibCrypto.X509_REVOKED_new(), "X509_REVOKED_new");
      boolean owned = true;
      try {
        MemorySegment serial = Crypto.asn1Integer(r.serialNumber());
        try {
          Errors.check(
              LibCrypto.X509_REVOKED_set_serialNumber(rev, serial) == 1,
              "X509_REVOKED_set_serialNumber");
        } finally {
          LibCrypto.ASN1_INTEGER_free(serial);
        }
        MemorySegment t = Crypto.asn1Time(r.revocationDate());
        try {
          Errors.check(
              LibCrypto.X509_REVOKED_set_revocationDate(rev, t) == 1,
              "X509_REVOKED_set_revocationDate");
        } finally {
          LibCrypto.ASN1_TIME_free(t);
        }
        if (r.reason() != null) {
          X509Extension reason =
              X509Extension.fromDer("2.5.29.21", false, Der.enumerated(r.reason()));
          Errors.check(
              reason.ref.use(e -> LibCrypto.X509_REVOKED_add_ext(rev, e, -1)) == 1,
              "X509_REVOKED_add_ext");
        }
        Errors.check(LibCrypto.X509_CRL_add0_revoked(c, rev) == 1, "X509_CRL_add0_revoked");
        owned = false;
      } finally {
        if (owned) {
          LibCrypto.X509_REVOKED_free(rev);
        }
      }
    }
  }
}
