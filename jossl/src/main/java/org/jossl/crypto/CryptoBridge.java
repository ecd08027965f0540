package org.jossl.crypto;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jossl.internal.CryptoAccess;
import org.jossl.internal.ErrorEntry;
import org.jossl.internal.NativeRef;

/** This floor's side of {@link CryptoAccess}: installed when the class loads. */
final class CryptoBridge implements CryptoAccess.Bridge {
  static {
    CryptoAccess.install(new CryptoBridge());
  }

  private CryptoBridge() {}

  @Override
  public Object x509(MemorySegment borrowed) {
    return X509.upRef(borrowed);
  }

  @Override
  public NativeRef x509Ref(Object x509) {
    return ((X509) x509).ref;
  }

  @Override
  public Object pkey(MemorySegment borrowed, boolean hasPrivate) {
    return PKey.upRef(borrowed, hasPrivate);
  }

  @Override
  public NativeRef pkeyRef(Object pkey) {
    return ((PKey) pkey).ref;
  }

  @Override
  public Object name(MemorySegment borrowed) {
    try {
      return X509Name.copyOf(borrowed);
    } catch (CryptoException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public NativeRef nameRef(Object name) {
    return ((X509Name) name).ref;
  }

  @Override
  public Object store(MemorySegment borrowed) {
    return X509Store.upRef(borrowed);
  }

  @Override
  public NativeRef storeRef(Object store) {
    return ((X509Store) store).ref;
  }

  @Override
  public NativeRef crlRef(Object crl) {
    return ((Crl) crl).ref;
  }

  @Override
  public List<OpenSslError> publicErrors(List<ErrorEntry> entries) {
    return entries.stream().map(Errors::publicEntry).toList();
  }
}
