package org.jossl.crypto;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * Verifies one certificate against a store, with optional untrusted intermediates; pyOpenSSL's
 * {@code OpenSSL.crypto.X509StoreContext}. Each call builds a fresh {@code X509_STORE_CTX}, so a
 * context may be reused and shared.
 */
public final class X509StoreContext {
  private X509Store store;
  private final X509 certificate;
  private final List<X509> chain;

  /** Python: {@code X509StoreContext(store, certificate)}. */
  public X509StoreContext(X509Store store, X509 certificate) {
    this(store, certificate, List.of());
  }

  /** Python: {@code X509StoreContext(store, certificate, chain)}: untrusted intermediates. */
  public X509StoreContext(X509Store store, X509 certificate, List<X509> chain) {
    this.store = Objects.requireNonNull(store, "store");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.chain = List.copyOf(chain);
  }

  /** Verifies against another store from now on. Python: {@code set_store(store)}. */
  public void setStore(X509Store store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Verifies the certificate.
   *
   * <p>Python: {@code verify_certificate()}. OpenSSL: {@code X509_verify_cert}
   *
   * @throws X509StoreContextException with OpenSSL's verify code, depth and message
   */
  public void verifyCertificate() throws CryptoException {
    run(false);
  }

  /**
   * Verifies the certificate and returns the chain OpenSSL built, leaf first, root last.
   *
   * <p>Python: {@code get_verified_chain()}. OpenSSL: {@code X509_STORE_CTX_get1_chain}
   */
  public List<X509> getVerifiedChain() throws CryptoException {
    return run(true);
  }

  private List<X509> run(boolean wantChain) throws CryptoException {
    MemorySegment untrusted = LibCrypto.OPENSSL_sk_new_null();
    Errors.notNull(untrusted, "OPENSSL_sk_new_null");
    List<X509> acquired = new ArrayList<>();
    MemorySegment ctx = LibCrypto.X509_STORE_CTX_new();
    try {
      Errors.notNull(ctx, "X509_STORE_CTX_new");
      for (X509 c : chain) {
        MemorySegment p = c.ref.acquire();
        acquired.add(c);
        Errors.check(LibCrypto.OPENSSL_sk_push(untrusted, p) > 0, "OPENSSL_sk_push");
      }
      MemorySegment s = store.ref.acquire();
      MemorySegment x;
      try {
        x = certificate.ref.acquire();
      } catch (RuntimeException e) {
        store.ref.release();
        throw e;
      }
      try {
        Errors.check(
            LibCrypto.X509_STORE_CTX_init(ctx, s, x, untrusted) == 1, "X509_STORE_CTX_init");
        int ok = LibCrypto.X509_verify_cert(ctx);
        if (ok != 1) {
          int code = LibCrypto.X509_STORE_CTX_get_error(ctx);
          int depth = LibCrypto.X509_STORE_CTX_get_error_depth(ctx);
          MemorySegment current = LibCrypto.X509_STORE_CTX_get_current_cert(ctx);
          X509 failed = Memory.isNull(current) ? null : X509.upRef(current);
          String message = Memory.cString(LibCrypto.X509_verify_cert_error_string(code));
          ErrorQueue.clear();
          throw new X509StoreContextException(code, depth, message, failed);
        }
        ErrorQueue.clear();
        if (!wantChain) {
          return List.of();
        }
        MemorySegment built = LibCrypto.X509_STORE_CTX_get1_chain(ctx);
        Errors.notNull(built, "X509_STORE_CTX_get1_chain");
        List<X509> out = new ArrayList<>();
        try {
          for (int i = 0; i < Natives.stackSize(built); i++) {
            out.add(X509.upRef(Natives.stackValue(built, i)));
          }
        } finally {
          LibCrypto.OPENSSL_sk_pop_free(built, org.jossl.internal.ffi.Binder.address("X509_free"));
        }
        return out;
      } finally {
        certificate.ref.release();
        store.ref.release();
      }
    } finally {
      if (!Memory.isNull(ctx)) {
        LibCrypto.X509_STORE_CTX_free(ctx);
      }
      LibCrypto.OPENSSL_sk_free(untrusted);
      for (X509 c : acquired) {
        c.ref.release();
      }
    }
  }
}
