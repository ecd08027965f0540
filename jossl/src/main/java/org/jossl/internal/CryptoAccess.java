package org.jossl.internal;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Lets the TLS faces turn native pointers into {@code org.jossl.crypto} objects and back, without
 * making those conversions public API (a public constructor from a raw pointer could crash the
 * JVM). The crypto floor installs the implementation when its classes load; this floor only holds
 * the interface, so it depends on no public package.
 */
public final class CryptoAccess {
  private CryptoAccess() {}

  /** The conversions the crypto floor provides. Objects are {@code org.jossl.crypto} types. */
  public interface Bridge {
    /** An {@code X509} for a borrowed {@code X509*} (takes its own reference). */
    Object x509(MemorySegment borrowed);

    /** The owner of an {@code X509}'s pointer. */
    NativeRef x509Ref(Object x509);

    /** A {@code PKey} for a borrowed {@code EVP_PKEY*} (takes its own reference). */
    Object pkey(MemorySegment borrowed, boolean hasPrivate);

    /** The owner of a {@code PKey}'s pointer. */
    NativeRef pkeyRef(Object pkey);

    /** An {@code X509Name} copied from a borrowed {@code X509_NAME*}. */
    Object name(MemorySegment borrowed);

    /** The owner of an {@code X509Name}'s pointer. */
    NativeRef nameRef(Object name);

    /** An {@code X509Store} sharing a borrowed {@code X509_STORE*} (takes a reference). */
    Object store(MemorySegment borrowed);

    /** The owner of an {@code X509Store}'s pointer. */
    NativeRef storeRef(Object store);

    /** The owner of a {@code Crl}'s pointer. */
    NativeRef crlRef(Object crl);

    /** Error-queue entries as the public {@code OpenSslError} records. */
    List<?> publicErrors(List<ErrorEntry> entries);
  }

  private static volatile Bridge bridge;

  /** Installs the crypto floor's implementation (once, from its static initialiser). */
  public static void install(Bridge implementation) {
    bridge = implementation;
  }

  /** The crypto floor's implementation, loading the crypto classes if needed. */
  public static Bridge get() {
    Bridge b = bridge;
    if (b == null) {
      try {
        Class.forName("org.jossl.crypto.CryptoBridge", true, CryptoAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("the crypto floor is missing", e);
      }
      b = bridge;
    }
    return b;
  }
}
