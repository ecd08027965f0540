package org.jossl.ssl;

import org.jossl.internal.ffi.Constants;

/**
 * Certificate verification flags for {@link SslContext#setVerifyFlags}; Python's {@code
 * ssl.VerifyFlags}, with OpenSSL's {@code X509_V_FLAG_*} values.
 */
public final class VerifyFlags {
  private VerifyFlags() {}

  /** No flags. */
  public static final long VERIFY_DEFAULT = 0;

  /** Check the peer's certificate against a CRL (which must be loaded). */
  public static final long VERIFY_CRL_CHECK_LEAF = Constants.X509_V_FLAG_CRL_CHECK;

  /** Check every certificate of the chain against CRLs. */
  public static final long VERIFY_CRL_CHECK_CHAIN =
      Constants.X509_V_FLAG_CRL_CHECK | Constants.X509_V_FLAG_CRL_CHECK_ALL;

  /** Strict RFC 5280 checks. */
  public static final long VERIFY_X509_STRICT = Constants.X509_V_FLAG_X509_STRICT;

  /** Accept proxy certificates. */
  public static final long VERIFY_ALLOW_PROXY_CERTS = Constants.X509_V_FLAG_ALLOW_PROXY_CERTS;

  /** Prefer trusted certificates when building the chain (on by default). */
  public static final long VERIFY_X509_TRUSTED_FIRST = Constants.X509_V_FLAG_TRUSTED_FIRST;

  /** Accept a trusted intermediate as the anchor. */
  public static final long VERIFY_X509_PARTIAL_CHAIN = Constants.X509_V_FLAG_PARTIAL_CHAIN;
}
