package org.jossl.crypto;

import org.jossl.internal.ffi.Constants;

/**
 * Verification flags for {@link X509Store#setFlags(long)}; pyOpenSSL's {@code
 * OpenSSL.crypto.X509StoreFlags}, with OpenSSL's {@code X509_V_FLAG_*} values.
 */
public final class X509StoreFlags {
  private X509StoreFlags() {}

  /** Check the leaf certificate against CRLs. */
  public static final long CRL_CHECK = Constants.X509_V_FLAG_CRL_CHECK;

  /** Check every certificate of the chain against CRLs. */
  public static final long CRL_CHECK_ALL = Constants.X509_V_FLAG_CRL_CHECK_ALL;

  /** Ignore unhandled critical extensions. */
  public static final long IGNORE_CRITICAL = Constants.X509_V_FLAG_IGNORE_CRITICAL;

  /** Strict RFC 5280 checks. */
  public static final long X509_STRICT = Constants.X509_V_FLAG_X509_STRICT;

  /** Allow proxy certificates. */
  public static final long ALLOW_PROXY_CERTS = Constants.X509_V_FLAG_ALLOW_PROXY_CERTS;

  /** Enable policy checking. */
  public static final long POLICY_CHECK = Constants.X509_V_FLAG_POLICY_CHECK;

  /** Require an explicit policy. */
  public static final long EXPLICIT_POLICY = Constants.X509_V_FLAG_EXPLICIT_POLICY;

  /** Inhibit policy mapping. */
  public static final long INHIBIT_MAP = Constants.X509_V_FLAG_INHIBIT_MAP;

  /** Notify on policy (a callback concern). */
  public static final long NOTIFY_POLICY = Constants.X509_V_FLAG_NOTIFY_POLICY;

  /** Check the signature of self-signed roots. */
  public static final long CHECK_SS_SIGNATURE = Constants.X509_V_FLAG_CHECK_SS_SIGNATURE;

  /** Accept a trusted intermediate as the anchor. */
  public static final long PARTIAL_CHAIN = Constants.X509_V_FLAG_PARTIAL_CHAIN;

  /** Prefer trusted certificates when building the chain. */
  public static final long TRUSTED_FIRST = Constants.X509_V_FLAG_TRUSTED_FIRST;

  /** Do not check validity times. */
  public static final long NO_CHECK_TIME = Constants.X509_V_FLAG_NO_CHECK_TIME;

  /** Build only the first chain found. */
  public static final long NO_ALT_CHAINS = Constants.X509_V_FLAG_NO_ALT_CHAINS;

  /** Use delta CRLs. */
  public static final long USE_DELTAS = Constants.X509_V_FLAG_USE_DELTAS;

  /** Extended CRL features (indirect CRLs, reasons). */
  public static final long EXTENDED_CRL_SUPPORT = Constants.X509_V_FLAG_EXTENDED_CRL_SUPPORT;
}
