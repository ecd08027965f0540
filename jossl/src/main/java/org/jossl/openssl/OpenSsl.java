package org.jossl.openssl;

import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.NativeLibraries;

/**
 * The module-level names of pyOpenSSL's {@code OpenSSL.SSL}: the method selectors for {@link
 * Context}, every option, mode, verify, session-cache, shutdown and info-callback constant with
 * OpenSSL's value, and the version functions.
 */
public final class OpenSsl {
  private OpenSsl() {}

  // ---- method selectors (pyOpenSSL's own numbering, not OpenSSL values)

  /** Removed from OpenSSL: {@link Context} refuses it. Kept so that ported code compiles. */
  public static final int SSLv2_METHOD = 1;

  /** Removed from OpenSSL: {@link Context} refuses it. Kept so that ported code compiles. */
  public static final int SSLv3_METHOD = 2;

  /** The same as {@link #TLS_METHOD} (the historical name). */
  public static final int SSLv23_METHOD = 3;

  /** TLS 1.0 only ({@code TLS_method} with minimum and maximum TLS 1.0). */
  public static final int TLSv1_METHOD = 4;

  /** TLS 1.1 only. */
  public static final int TLSv1_1_METHOD = 5;

  /** TLS 1.2 only. */
  public static final int TLSv1_2_METHOD = 6;

  /** Any TLS version, client or server ({@code TLS_method}). */
  public static final int TLS_METHOD = 7;

  /** Any TLS version, server only ({@code TLS_server_method}). */
  public static final int TLS_SERVER_METHOD = 8;

  /** Any TLS version, client only ({@code TLS_client_method}). */
  public static final int TLS_CLIENT_METHOD = 9;

  /** Any DTLS version ({@code DTLS_method}). */
  public static final int DTLS_METHOD = 10;

  /** Any DTLS version, server only. */
  public static final int DTLS_SERVER_METHOD = 11;

  /** Any DTLS version, client only. */
  public static final int DTLS_CLIENT_METHOD = 12;

  // ---- OpenSSL_version() selectors

  /** {@code OPENSSL_VERSION}: the version text. */
  public static final int OPENSSL_VERSION = Constants.OPENSSL_VERSION;

  /** {@code OPENSSL_CFLAGS}: the compiler flags. */
  public static final int OPENSSL_CFLAGS = Constants.OPENSSL_CFLAGS;

  /** {@code OPENSSL_BUILT_ON}: the build date. */
  public static final int OPENSSL_BUILT_ON = Constants.OPENSSL_BUILT_ON;

  /** {@code OPENSSL_PLATFORM}: the target platform. */
  public static final int OPENSSL_PLATFORM = Constants.OPENSSL_PLATFORM;

  /** {@code OPENSSL_DIR}: the OPENSSLDIR setting. */
  public static final int OPENSSL_DIR = Constants.OPENSSL_DIR;

  /** Deprecated alias of {@link #OPENSSL_VERSION}. */
  @Deprecated public static final int SSLEAY_VERSION = OPENSSL_VERSION;

  /** Deprecated alias of {@link #OPENSSL_CFLAGS}. */
  @Deprecated public static final int SSLEAY_CFLAGS = OPENSSL_CFLAGS;

  /** Deprecated alias of {@link #OPENSSL_BUILT_ON}. */
  @Deprecated public static final int SSLEAY_BUILT_ON = OPENSSL_BUILT_ON;

  /** Deprecated alias of {@link #OPENSSL_PLATFORM}. */
  @Deprecated public static final int SSLEAY_PLATFORM = OPENSSL_PLATFORM;

  /** Deprecated alias of {@link #OPENSSL_DIR}. */
  @Deprecated public static final int SSLEAY_DIR = OPENSSL_DIR;

  /**
   * The ALPN select callback's answer for "no protocol in common": the handshake continues without
   * ALPN. Python: {@code SSL.NO_OVERLAPPING_PROTOCOLS}
   */
  public static final byte[] NO_OVERLAPPING_PROTOCOLS = new byte[0];

  // ---- options (pyOpenSSL's OP_*; OpenSSL's SSL_OP_* values, 64-bit)

  /** {@code SSL_OP_ALL}. */
  public static final long OP_ALL = Constants.SSL_OP_ALL;

  /** {@code SSL_OP_ALLOW_CLIENT_RENEGOTIATION}. */
  public static final long OP_ALLOW_CLIENT_RENEGOTIATION =
      Constants.SSL_OP_ALLOW_CLIENT_RENEGOTIATION;

  /** {@code SSL_OP_ALLOW_NO_DHE_KEX}. */
  public static final long OP_ALLOW_NO_DHE_KEX = Constants.SSL_OP_ALLOW_NO_DHE_KEX;

  /** {@code SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION}. */
  public static final long OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION =
      Constants.SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION;

  /** {@code SSL_OP_CIPHER_SERVER_PREFERENCE}. */
  public static final long OP_CIPHER_SERVER_PREFERENCE = Constants.SSL_OP_CIPHER_SERVER_PREFERENCE;

  /** {@code SSL_OP_CISCO_ANYCONNECT}. */
  public static final long OP_CISCO_ANYCONNECT = Constants.SSL_OP_CISCO_ANYCONNECT;

  /** {@code SSL_OP_CLEANSE_PLAINTEXT}. */
  public static final long OP_CLEANSE_PLAINTEXT = Constants.SSL_OP_CLEANSE_PLAINTEXT;

  /** {@code SSL_OP_COOKIE_EXCHANGE}. */
  public static final long OP_COOKIE_EXCHANGE = Constants.SSL_OP_COOKIE_EXCHANGE;

  /** {@code SSL_OP_CRYPTOPRO_TLSEXT_BUG}. */
  public static final long OP_CRYPTOPRO_TLSEXT_BUG = Constants.SSL_OP_CRYPTOPRO_TLSEXT_BUG;

  /** {@code SSL_OP_DISABLE_TLSEXT_CA_NAMES}. */
  public static final long OP_DISABLE_TLSEXT_CA_NAMES = Constants.SSL_OP_DISABLE_TLSEXT_CA_NAMES;

  /** {@code SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS}. */
  public static final long OP_DONT_INSERT_EMPTY_FRAGMENTS =
      Constants.SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS;

  /** {@code SSL_OP_ENABLE_KTLS}. */
  public static final long OP_ENABLE_KTLS = Constants.SSL_OP_ENABLE_KTLS;

  /** {@code SSL_OP_ENABLE_MIDDLEBOX_COMPAT}. */
  public static final long OP_ENABLE_MIDDLEBOX_COMPAT = Constants.SSL_OP_ENABLE_MIDDLEBOX_COMPAT;

  /** {@code SSL_OP_EPHEMERAL_RSA}. */
  public static final long OP_EPHEMERAL_RSA = Constants.SSL_OP_EPHEMERAL_RSA;

  /** {@code SSL_OP_IGNORE_UNEXPECTED_EOF}. */
  public static final long OP_IGNORE_UNEXPECTED_EOF = Constants.SSL_OP_IGNORE_UNEXPECTED_EOF;

  /** {@code SSL_OP_LEGACY_SERVER_CONNECT}. */
  public static final long OP_LEGACY_SERVER_CONNECT = Constants.SSL_OP_LEGACY_SERVER_CONNECT;

  /** {@code SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER}. */
  public static final long OP_MICROSOFT_BIG_SSLV3_BUFFER =
      Constants.SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER;

  /** {@code SSL_OP_MICROSOFT_SESS_ID_BUG}. */
  public static final long OP_MICROSOFT_SESS_ID_BUG = Constants.SSL_OP_MICROSOFT_SESS_ID_BUG;

  /** {@code SSL_OP_MSIE_SSLV2_RSA_PADDING}. */
  public static final long OP_MSIE_SSLV2_RSA_PADDING = Constants.SSL_OP_MSIE_SSLV2_RSA_PADDING;

  /** {@code SSL_OP_NETSCAPE_CA_DN_BUG}. */
  public static final long OP_NETSCAPE_CA_DN_BUG = Constants.SSL_OP_NETSCAPE_CA_DN_BUG;

  /** {@code SSL_OP_NETSCAPE_CHALLENGE_BUG}. */
  public static final long OP_NETSCAPE_CHALLENGE_BUG = Constants.SSL_OP_NETSCAPE_CHALLENGE_BUG;

  /** {@code SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG}. */
  public static final long OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG =
      Constants.SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG;

  /** {@code SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG}. */
  public static final long OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG =
      Constants.SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG;

  /** {@code SSL_OP_NO_ANTI_REPLAY}. */
  public static final long OP_NO_ANTI_REPLAY = Constants.SSL_OP_NO_ANTI_REPLAY;

  /** {@code SSL_OP_NO_COMPRESSION}. */
  public static final long OP_NO_COMPRESSION = Constants.SSL_OP_NO_COMPRESSION;

  /** {@code SSL_OP_NO_DTLS_MASK}. */
  public static final long OP_NO_DTLS_MASK = Constants.SSL_OP_NO_DTLS_MASK;

  /** {@code SSL_OP_NO_ENCRYPT_THEN_MAC}. */
  public static final long OP_NO_ENCRYPT_THEN_MAC = Constants.SSL_OP_NO_ENCRYPT_THEN_MAC;

  /** {@code SSL_OP_NO_EXTENDED_MASTER_SECRET}. */
  public static final long OP_NO_EXTENDED_MASTER_SECRET =
      Constants.SSL_OP_NO_EXTENDED_MASTER_SECRET;

  /** {@code SSL_OP_NO_QUERY_MTU}. */
  public static final long OP_NO_QUERY_MTU = Constants.SSL_OP_NO_QUERY_MTU;

  /** {@code SSL_OP_NO_RENEGOTIATION}. */
  public static final long OP_NO_RENEGOTIATION = Constants.SSL_OP_NO_RENEGOTIATION;

  /** {@code SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION}. */
  public static final long OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION =
      Constants.SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION;

  /** {@code SSL_OP_NO_SSL_MASK}. */
  public static final long OP_NO_SSL_MASK = Constants.SSL_OP_NO_SSL_MASK;

  /** {@code SSL_OP_NO_TICKET}. */
  public static final long OP_NO_TICKET = Constants.SSL_OP_NO_TICKET;

  /** {@code SSL_OP_PKCS1_CHECK_1}. */
  public static final long OP_PKCS1_CHECK_1 = Constants.SSL_OP_PKCS1_CHECK_1;

  /** {@code SSL_OP_PKCS1_CHECK_2}. */
  public static final long OP_PKCS1_CHECK_2 = Constants.SSL_OP_PKCS1_CHECK_2;

  /** {@code SSL_OP_PRIORITIZE_CHACHA}. */
  public static final long OP_PRIORITIZE_CHACHA = Constants.SSL_OP_PRIORITIZE_CHACHA;

  /** {@code SSL_OP_SAFARI_ECDHE_ECDSA_BUG}. */
  public static final long OP_SAFARI_ECDHE_ECDSA_BUG = Constants.SSL_OP_SAFARI_ECDHE_ECDSA_BUG;

  /** {@code SSL_OP_SINGLE_DH_USE}. */
  public static final long OP_SINGLE_DH_USE = Constants.SSL_OP_SINGLE_DH_USE;

  /** {@code SSL_OP_SINGLE_ECDH_USE}. */
  public static final long OP_SINGLE_ECDH_USE = Constants.SSL_OP_SINGLE_ECDH_USE;

  /** {@code SSL_OP_SSLEAY_080_CLIENT_DH_BUG}. */
  public static final long OP_SSLEAY_080_CLIENT_DH_BUG = Constants.SSL_OP_SSLEAY_080_CLIENT_DH_BUG;

  /** {@code SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG}. */
  public static final long OP_SSLREF2_REUSE_CERT_TYPE_BUG =
      Constants.SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG;

  /** {@code SSL_OP_TLSEXT_PADDING}. */
  public static final long OP_TLSEXT_PADDING = Constants.SSL_OP_TLSEXT_PADDING;

  /** {@code SSL_OP_TLS_BLOCK_PADDING_BUG}. */
  public static final long OP_TLS_BLOCK_PADDING_BUG = Constants.SSL_OP_TLS_BLOCK_PADDING_BUG;

  /** {@code SSL_OP_TLS_D5_BUG}. */
  public static final long OP_TLS_D5_BUG = Constants.SSL_OP_TLS_D5_BUG;

  /** {@code SSL_OP_TLS_ROLLBACK_BUG}. */
  public static final long OP_TLS_ROLLBACK_BUG = Constants.SSL_OP_TLS_ROLLBACK_BUG;

  /** {@code SSL_OP_NO_DTLSv1}. */
  public static final long OP_NO_DTLSv1 = Constants.SSL_OP_NO_DTLSv1;

  /** {@code SSL_OP_NO_DTLSv1_2}. */
  public static final long OP_NO_DTLSv1_2 = Constants.SSL_OP_NO_DTLSv1_2;

  /** {@code SSL_OP_NO_SSLv3}. */
  public static final long OP_NO_SSLv3 = Constants.SSL_OP_NO_SSLv3;

  /** {@code SSL_OP_NO_TLSv1}. */
  public static final long OP_NO_TLSv1 = Constants.SSL_OP_NO_TLSv1;

  /** {@code SSL_OP_NO_TLSv1_1}. */
  public static final long OP_NO_TLSv1_1 = Constants.SSL_OP_NO_TLSv1_1;

  /** {@code SSL_OP_NO_TLSv1_2}. */
  public static final long OP_NO_TLSv1_2 = Constants.SSL_OP_NO_TLSv1_2;

  /** {@code SSL_OP_NO_TLSv1_3}. */
  public static final long OP_NO_TLSv1_3 = Constants.SSL_OP_NO_TLSv1_3;

  // ---- obsolete options: no-ops since OpenSSL 1.1, kept for source compatibility

  /** Obsolete: no effect in OpenSSL 3 (value 0). */
  @Deprecated public static final long OP_NO_SSLv2 = 0L;

  // ---- modes

  /** {@code SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER} */
  public static final long MODE_ACCEPT_MOVING_WRITE_BUFFER =
      Constants.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER;

  /** {@code SSL_MODE_ASYNC} */
  public static final long MODE_ASYNC = Constants.SSL_MODE_ASYNC;

  /** {@code SSL_MODE_AUTO_RETRY} */
  public static final long MODE_AUTO_RETRY = Constants.SSL_MODE_AUTO_RETRY;

  /** {@code SSL_MODE_DTLS_SCTP_LABEL_LENGTH_BUG} */
  public static final long MODE_DTLS_SCTP_LABEL_LENGTH_BUG =
      Constants.SSL_MODE_DTLS_SCTP_LABEL_LENGTH_BUG;

  /** {@code SSL_MODE_ENABLE_PARTIAL_WRITE} */
  public static final long MODE_ENABLE_PARTIAL_WRITE = Constants.SSL_MODE_ENABLE_PARTIAL_WRITE;

  /** {@code SSL_MODE_NO_AUTO_CHAIN} */
  public static final long MODE_NO_AUTO_CHAIN = Constants.SSL_MODE_NO_AUTO_CHAIN;

  /** {@code SSL_MODE_RELEASE_BUFFERS} */
  public static final long MODE_RELEASE_BUFFERS = Constants.SSL_MODE_RELEASE_BUFFERS;

  /** {@code SSL_MODE_SEND_CLIENTHELLO_TIME} */
  public static final long MODE_SEND_CLIENTHELLO_TIME = Constants.SSL_MODE_SEND_CLIENTHELLO_TIME;

  /** {@code SSL_MODE_SEND_FALLBACK_SCSV} */
  public static final long MODE_SEND_FALLBACK_SCSV = Constants.SSL_MODE_SEND_FALLBACK_SCSV;

  /** {@code SSL_MODE_SEND_SERVERHELLO_TIME} */
  public static final long MODE_SEND_SERVERHELLO_TIME = Constants.SSL_MODE_SEND_SERVERHELLO_TIME;

  // ---- verification

  /** {@code SSL_VERIFY_NONE} */
  public static final int VERIFY_NONE = Constants.SSL_VERIFY_NONE;

  /** {@code SSL_VERIFY_PEER} */
  public static final int VERIFY_PEER = Constants.SSL_VERIFY_PEER;

  /** {@code SSL_VERIFY_FAIL_IF_NO_PEER_CERT} */
  public static final int VERIFY_FAIL_IF_NO_PEER_CERT = Constants.SSL_VERIFY_FAIL_IF_NO_PEER_CERT;

  /** {@code SSL_VERIFY_CLIENT_ONCE} */
  public static final int VERIFY_CLIENT_ONCE = Constants.SSL_VERIFY_CLIENT_ONCE;

  /** {@code SSL_VERIFY_POST_HANDSHAKE} */
  public static final int VERIFY_POST_HANDSHAKE = Constants.SSL_VERIFY_POST_HANDSHAKE;

  // ---- session cache

  /** {@code SSL_SESS_CACHE_BOTH} */
  public static final long SESS_CACHE_BOTH = Constants.SSL_SESS_CACHE_BOTH;

  /** {@code SSL_SESS_CACHE_CLIENT} */
  public static final long SESS_CACHE_CLIENT = Constants.SSL_SESS_CACHE_CLIENT;

  /** {@code SSL_SESS_CACHE_NO_AUTO_CLEAR} */
  public static final long SESS_CACHE_NO_AUTO_CLEAR = Constants.SSL_SESS_CACHE_NO_AUTO_CLEAR;

  /** {@code SSL_SESS_CACHE_NO_INTERNAL} */
  public static final long SESS_CACHE_NO_INTERNAL = Constants.SSL_SESS_CACHE_NO_INTERNAL;

  /** {@code SSL_SESS_CACHE_NO_INTERNAL_LOOKUP} */
  public static final long SESS_CACHE_NO_INTERNAL_LOOKUP =
      Constants.SSL_SESS_CACHE_NO_INTERNAL_LOOKUP;

  /** {@code SSL_SESS_CACHE_NO_INTERNAL_STORE} */
  public static final long SESS_CACHE_NO_INTERNAL_STORE =
      Constants.SSL_SESS_CACHE_NO_INTERNAL_STORE;

  /** {@code SSL_SESS_CACHE_OFF} */
  public static final long SESS_CACHE_OFF = Constants.SSL_SESS_CACHE_OFF;

  /** {@code SSL_SESS_CACHE_SERVER} */
  public static final long SESS_CACHE_SERVER = Constants.SSL_SESS_CACHE_SERVER;

  /** {@code SSL_SESS_CACHE_UPDATE_TIME} */
  public static final long SESS_CACHE_UPDATE_TIME = Constants.SSL_SESS_CACHE_UPDATE_TIME;

  // ---- shutdown state

  /** {@code SSL_SENT_SHUTDOWN} */
  public static final int SENT_SHUTDOWN = Constants.SSL_SENT_SHUTDOWN;

  /** {@code SSL_RECEIVED_SHUTDOWN} */
  public static final int RECEIVED_SHUTDOWN = Constants.SSL_RECEIVED_SHUTDOWN;

  // ---- info callback (SSL_ST_*, SSL_CB_*)

  /** {@code SSL_CB_ACCEPT_EXIT} */
  public static final int SSL_CB_ACCEPT_EXIT = Constants.SSL_CB_ACCEPT_EXIT;

  /** {@code SSL_CB_ACCEPT_LOOP} */
  public static final int SSL_CB_ACCEPT_LOOP = Constants.SSL_CB_ACCEPT_LOOP;

  /** {@code SSL_CB_ALERT} */
  public static final int SSL_CB_ALERT = Constants.SSL_CB_ALERT;

  /** {@code SSL_CB_CONNECT_EXIT} */
  public static final int SSL_CB_CONNECT_EXIT = Constants.SSL_CB_CONNECT_EXIT;

  /** {@code SSL_CB_CONNECT_LOOP} */
  public static final int SSL_CB_CONNECT_LOOP = Constants.SSL_CB_CONNECT_LOOP;

  /** {@code SSL_CB_EXIT} */
  public static final int SSL_CB_EXIT = Constants.SSL_CB_EXIT;

  /** {@code SSL_CB_HANDSHAKE_DONE} */
  public static final int SSL_CB_HANDSHAKE_DONE = Constants.SSL_CB_HANDSHAKE_DONE;

  /** {@code SSL_CB_HANDSHAKE_START} */
  public static final int SSL_CB_HANDSHAKE_START = Constants.SSL_CB_HANDSHAKE_START;

  /** {@code SSL_CB_LOOP} */
  public static final int SSL_CB_LOOP = Constants.SSL_CB_LOOP;

  /** {@code SSL_CB_READ} */
  public static final int SSL_CB_READ = Constants.SSL_CB_READ;

  /** {@code SSL_CB_READ_ALERT} */
  public static final int SSL_CB_READ_ALERT = Constants.SSL_CB_READ_ALERT;

  /** {@code SSL_CB_WRITE} */
  public static final int SSL_CB_WRITE = Constants.SSL_CB_WRITE;

  /** {@code SSL_CB_WRITE_ALERT} */
  public static final int SSL_CB_WRITE_ALERT = Constants.SSL_CB_WRITE_ALERT;

  /** {@code SSL_ST_ACCEPT} */
  public static final int SSL_ST_ACCEPT = Constants.SSL_ST_ACCEPT;

  /** {@code SSL_ST_CONNECT} */
  public static final int SSL_ST_CONNECT = Constants.SSL_ST_CONNECT;

  /** {@code SSL_ST_MASK} */
  public static final int SSL_ST_MASK = Constants.SSL_ST_MASK;

  /** {@code SSL_ST_READ_BODY} */
  public static final int SSL_ST_READ_BODY = Constants.SSL_ST_READ_BODY;

  /** {@code SSL_ST_READ_DONE} */
  public static final int SSL_ST_READ_DONE = Constants.SSL_ST_READ_DONE;

  /** {@code SSL_ST_READ_HEADER} */
  public static final int SSL_ST_READ_HEADER = Constants.SSL_ST_READ_HEADER;

  // ---- protocol versions

  /** {@code DTLS1_2_VERSION} */
  public static final int DTLS1_2_VERSION = Constants.DTLS1_2_VERSION;

  /** {@code DTLS1_VERSION} */
  public static final int DTLS1_VERSION = Constants.DTLS1_VERSION;

  /** {@code SSL3_VERSION} */
  public static final int SSL3_VERSION = Constants.SSL3_VERSION;

  /** {@code TLS1_1_VERSION} */
  public static final int TLS1_1_VERSION = Constants.TLS1_1_VERSION;

  /** {@code TLS1_2_VERSION} */
  public static final int TLS1_2_VERSION = Constants.TLS1_2_VERSION;

  /** {@code TLS1_3_VERSION} */
  public static final int TLS1_3_VERSION = Constants.TLS1_3_VERSION;

  /** {@code TLS1_VERSION} */
  public static final int TLS1_VERSION = Constants.TLS1_VERSION;

  // ---- file types

  /** {@code SSL_FILETYPE_PEM} */
  public static final int FILETYPE_PEM = Constants.SSL_FILETYPE_PEM;

  /** {@code SSL_FILETYPE_ASN1} */
  public static final int FILETYPE_ASN1 = Constants.SSL_FILETYPE_ASN1;

  /**
   * OpenSSL's description of itself.
   *
   * <p>Python: {@code SSL.OpenSSL_version(type)}. OpenSSL: {@code OpenSSL_version}
   *
   * @param type {@link #OPENSSL_VERSION}, {@link #OPENSSL_CFLAGS}, {@link #OPENSSL_BUILT_ON},
   *     {@link #OPENSSL_PLATFORM} or {@link #OPENSSL_DIR}
   */
  public static String openSslVersion(int type) {
    NativeLibraries.ensureAvailable();
    return Memory.cString(LibCrypto.OpenSSL_version(type));
  }

  /** Deprecated alias of {@link #openSslVersion}. Python: {@code SSL.SSLeay_version} */
  @Deprecated
  public static String ssleayVersion(int type) {
    return openSslVersion(type);
  }

  /**
   * The loaded OpenSSL's version number, e.g. {@code 0x30000130}. (pyOpenSSL reports the number its
   * bindings were compiled against; jossl has no compile time, so this is the library's.)
   *
   * <p>Python: {@code SSL.OPENSSL_VERSION_NUMBER}. OpenSSL: {@code OpenSSL_version_num}
   */
  public static long openSslVersionNumber() {
    return NativeLibraries.versionNumber();
  }
}
