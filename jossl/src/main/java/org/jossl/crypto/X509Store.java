package org.jossl.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.NativeRef;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * A set of trusted certificates and CRLs with verification parameters; pyOpenSSL's {@code
 * OpenSSL.crypto.X509Store}, over OpenSSL's {@code X509_STORE}. Thread-safe (OpenSSL locks it).
 */
public final class X509Store implements AutoCloseable {
  final NativeRef ref;

  /** An empty store. Python: {@code X509Store()}. OpenSSL: {@code X509_STORE_new} */
  public X509Store() throws CryptoException {
    this(Errors.notNull(LibCrypto.X509_STORE_new(), "X509_STORE_new"));
  }

  private X509Store(MemorySegment store) {
    this.ref = NativeRef.own(store, "X509_STORE", LibCrypto::X509_STORE_free);
  }

  /** Shares a store owned elsewhere (an {@code SSL_CTX}'s) by taking a reference to it. */
  static X509Store upRef(MemorySegment borrowed) {
    if (LibCrypto.X509_STORE_up_ref(borrowed) != 1) {
      ErrorQueue.clear();
      throw new IllegalStateException("X509_STORE_up_ref failed");
    }
    return new X509Store(borrowed);
  }

  /**
   * Trusts {@code certificate}. Adding the same certificate twice is accepted.
   *
   * <p>Python: {@code X509Store.add_cert(cert)}. OpenSSL: {@code X509_STORE_add_cert}
   */
  public X509Store addCert(X509 certificate) throws CryptoException {
    int ok = ref.use(s -> certificate.ref.use(x -> LibCrypto.X509_STORE_add_cert(s, x)));
    Errors.check(ok == 1, "X509_STORE_add_cert");
    return this;
  }

  /** Adds a CRL. Python: {@code X509Store.add_crl(crl)}. OpenSSL: {@code X509_STORE_add_crl} */
  public X509Store addCrl(Crl crl) throws CryptoException {
    int ok = ref.use(s -> crl.ref.use(c -> LibCrypto.X509_STORE_add_crl(s, c)));
    Errors.check(ok == 1, "X509_STORE_add_crl");
    return this;
  }

  /**
   * Adds verification flags ({@link X509StoreFlags}); flags already set stay set.
   *
   * <p>Python: {@code X509Store.set_flags(flags)}. OpenSSL: {@code X509_STORE_set_flags}
   */
  public X509Store setFlags(long flags) throws CryptoException {
    Errors.check(
        ref.use(s -> LibCrypto.X509_STORE_set_flags(s, flags)) == 1, "X509_STORE_set_flags");
    return this;
  }

  /** The verification flags in effect. OpenSSL: {@code X509_VERIFY_PARAM_get_flags} */
  public long getFlags() {
    return ref.use(s -> LibCrypto.X509_VERIFY_PARAM_get_flags(LibCrypto.X509_STORE_get0_param(s)));
  }

  /**
   * Verifies as of {@code when} instead of now.
   *
   * <p>Python: {@code X509Store.set_time(datetime)}. OpenSSL: {@code X509_VERIFY_PARAM_set_time}
   */
  public X509Store setTime(Instant when) throws CryptoException {
    MemorySegment param =
        Errors.notNull(LibCrypto.X509_VERIFY_PARAM_new(), "X509_VERIFY_PARAM_new");
    try {
      LibCrypto.X509_VERIFY_PARAM_set_time(param, when.getEpochSecond());
      Errors.check(
          ref.use(s -> LibCrypto.X509_STORE_set1_param(s, param)) == 1, "X509_STORE_set1_param");
    } finally {
      LibCrypto.X509_VERIFY_PARAM_free(param);
    }
    return this;
  }

  /**
   * Loads trusted certificates (and CRLs) from a PEM file and/or a hashed directory. An encrypted
   * PEM block fails the load: OpenSSL reads these files with an empty passphrase and never prompts
   * for one (checked by {@code ContextTest.encryptedPemBlocksAreNeverPromptedFor}).
   *
   * <p>Python: {@code X509Store.load_locations(cafile, capath)}. OpenSSL: {@code
   * X509_STORE_load_file}, {@code X509_STORE_load_path}
   *
   * @throws NoSuchFileException if {@code cafile} does not exist
   */
  public X509Store loadLocations(Path cafile, Path capath)
      throws CryptoException, NoSuchFileException {
    if (cafile == null && capath == null) {
      throw new IllegalArgumentException("cafile and capath cannot be both omitted");
    }
    if (cafile != null && !Files.exists(cafile)) {
      throw new NoSuchFileException(cafile.toString());
    }
    try (Arena arena = Arena.ofConfined()) {
      if (cafile != null) {
        MemorySegment f = Memory.cString(arena, cafile.toString());
        Errors.check(
            ref.use(s -> LibCrypto.X509_STORE_load_file(s, f)) == 1, "X509_STORE_load_file");
      }
      if (capath != null) {
        MemorySegment d = Memory.cString(arena, capath.toString());
        Errors.check(
            ref.use(s -> LibCrypto.X509_STORE_load_path(s, d)) == 1, "X509_STORE_load_path");
      }
    }
    return this;
  }

  /**
   * Trusts OpenSSL's default locations ({@code SSL_CERT_FILE}/{@code SSL_CERT_DIR} or the
   * compiled-in paths). OpenSSL: {@code X509_STORE_set_default_paths}
   */
  public X509Store setDefaultPaths() throws CryptoException {
    Errors.check(
        ref.use(LibCrypto::X509_STORE_set_default_paths) == 1, "X509_STORE_set_default_paths");
    ErrorQueue.clear();
    return this;
  }

  /**
   * The certificates the store holds in memory (a hashed directory's are only loaded when used).
   *
   * <p>OpenSSL: {@code X509_STORE_get0_objects}
   */
  public List<X509> getCertificates() {
    List<X509> out = new ArrayList<>();
    ref.use(
        s -> {
          LibCrypto.X509_STORE_lock(s);
          try {
            MemorySegment objects = LibCrypto.X509_STORE_get0_objects(s);
            for (int i = 0; i < Natives.stackSize(objects); i++) {
              MemorySegment o = Natives.stackValue(objects, i);
              if (LibCrypto.X509_OBJECT_get_type(o) == Constants.X509_LU_X509) {
                out.add(X509.upRef(LibCrypto.X509_OBJECT_get0_X509(o)));
              }
            }
          } finally {
            LibCrypto.X509_STORE_unlock(s);
          }
          return null;
        });
    return out;
  }

  /** The number of CRLs the store holds in memory. */
  public int crlCount() {
    return ref.use(
        s -> {
          LibCrypto.X509_STORE_lock(s);
          try {
            MemorySegment objects = LibCrypto.X509_STORE_get0_objects(s);
            int n = 0;
            for (int i = 0; i < Natives.stackSize(objects); i++) {
              if (LibCrypto.X509_OBJECT_get_type(Natives.stackValue(objects, i))
                  == Constants.X509_LU_CRL) {
                n++;
              }
            }
            return n;
          } finally {
            LibCrypto.X509_STORE_unlock(s);
          }
        });
  }

  /** Frees the native store now (else the garbage collector does). Idempotent. */
  @Override
  public void close() {
    ref.close();
  }
}
