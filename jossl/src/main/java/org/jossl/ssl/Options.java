package org.jossl.ssl;

import org.jossl.internal.ffi.Constants;

/**
 * Option bits for {@link SslContext#setOptions}; Python's {@code ssl.Options} ({@code OP_*}), with
 * OpenSSL's values. Python's {@link #OP_ALL} leaves out {@code SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS}.
 */
public final class Options {
  private Options() {}

  /** Python's {@code OP_ALL}: OpenSSL's bug workarounds, except empty-fragment suppression. */
  public static final long OP_ALL =
      Constants.SSL_OP_ALL & ~Constants.SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS;

  /** Obsolete: SSL 2 is gone (value 0). */
  @Deprecated public static final long OP_NO_SSLv2 = 0;

  /** Disables SSL 3.0 (prefer the minimum version). */
  @Deprecated public static final long OP_NO_SSLv3 = Constants.SSL_OP_NO_SSLv3;

  /** Disables TLS 1.0 (prefer the minimum version). */
  @Deprecated public static final long OP_NO_TLSv1 = Constants.SSL_OP_NO_TLSv1;

  /** Disables TLS 1.1 (prefer the minimum version). */
  @Deprecated public static final long OP_NO_TLSv1_1 = Constants.SSL_OP_NO_TLSv1_1;

  /** Disables TLS 1.2 (prefer the maximum version). */
  @Deprecated public static final long OP_NO_TLSv1_2 = Constants.SSL_OP_NO_TLSv1_2;

  /** Disables TLS 1.3 (prefer the maximum version). */
  @Deprecated public static final long OP_NO_TLSv1_3 = Constants.SSL_OP_NO_TLSv1_3;

  /** The server's cipher preference wins. */
  public static final long OP_CIPHER_SERVER_PREFERENCE = Constants.SSL_OP_CIPHER_SERVER_PREFERENCE;

  /** Obsolete (value 0): a new DH key for each handshake is always used. */
  public static final long OP_SINGLE_DH_USE = 0;

  /** Obsolete (value 0): a new ECDH key for each handshake is always used. */
  public static final long OP_SINGLE_ECDH_USE = 0;

  /** Disables TLS compression. */
  public static final long OP_NO_COMPRESSION = Constants.SSL_OP_NO_COMPRESSION;

  /** Disables session tickets. */
  public static final long OP_NO_TICKET = Constants.SSL_OP_NO_TICKET;

  /** Refuses renegotiation (TLS 1.2 and earlier). */
  public static final long OP_NO_RENEGOTIATION = Constants.SSL_OP_NO_RENEGOTIATION;

  /** TLS 1.3 middlebox compatibility mode (on by default in OpenSSL). */
  public static final long OP_ENABLE_MIDDLEBOX_COMPAT = Constants.SSL_OP_ENABLE_MIDDLEBOX_COMPAT;

  /** Treats a transport EOF without close_notify as a clean close. */
  public static final long OP_IGNORE_UNEXPECTED_EOF = Constants.SSL_OP_IGNORE_UNEXPECTED_EOF;

  /** Kernel TLS where available. */
  public static final long OP_ENABLE_KTLS = Constants.SSL_OP_ENABLE_KTLS;

  /** Allows legacy (insecure) renegotiation with servers that lack RFC 5746. */
  public static final long OP_LEGACY_SERVER_CONNECT = Constants.SSL_OP_LEGACY_SERVER_CONNECT;
}
