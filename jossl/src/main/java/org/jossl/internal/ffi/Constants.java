package org.jossl.internal.ffi;

/**
 * The values of OpenSSL's {@code #define}s and enum members that jossl uses, named as in C.
 *
 * <p>Values are the same in every OpenSSL 3 release (OpenSSL only adds new ones). ConstantsTest
 * compiles a C program against the installed headers and compares every field here with the
 * header's value, so a wrong or changed value fails the build.
 */
public final class Constants {
  private Constants() {}

  // ---- Error queue (err.h)

  public static final int ERR_LIB_SYS = 2;
  public static final int ERR_LIB_SSL = 20;
  public static final int ERR_LIB_PEM = 9;
  public static final int ERR_LIB_X509 = 11;
  public static final int ERR_LIB_ASN1 = 13;
  public static final int ERR_LIB_EVP = 6;
  public static final int ERR_LIB_OFFSET = 23;
  public static final int ERR_LIB_MASK = 255;
  public static final int ERR_REASON_MASK = 8388607;
  public static final int ERR_RFLAGS_OFFSET = 18;
  public static final int ERR_RFLAG_COMMON = 524288;
  public static final int ERR_RFLAG_FATAL = 262144;
  public static final long ERR_SYSTEM_FLAG = 2147483648L;
  public static final int ERR_SYSTEM_MASK = 2147483647;
  public static final int ERR_TXT_MALLOCED = 1;
  public static final int ERR_TXT_STRING = 2;

  // ---- BIOs (bio.h)

  public static final int BIO_CTRL_RESET = 1;
  public static final int BIO_CTRL_EOF = 2;
  public static final int BIO_CTRL_INFO = 3;
  public static final int BIO_C_SET_BUF_MEM = 114;
  public static final int BIO_C_GET_BUF_MEM_PTR = 115;
  public static final int BIO_C_SET_BUF_MEM_EOF_RETURN = 130;
  public static final int BIO_C_SET_FILENAME = 108;
  public static final int BIO_CLOSE = 1;
  public static final int BIO_FP_READ = 2;

  // ---- Initialisation and version (crypto.h, ssl.h)

  public static final int OPENSSL_INIT_NO_ATEXIT = 524288;
  public static final int OPENSSL_INIT_LOAD_CRYPTO_STRINGS = 2;
  public static final int OPENSSL_INIT_LOAD_SSL_STRINGS = 2097152;
  public static final int OPENSSL_VERSION = 0;
  public static final int OPENSSL_CFLAGS = 1;
  public static final int OPENSSL_BUILT_ON = 2;
  public static final int OPENSSL_PLATFORM = 3;
  public static final int OPENSSL_DIR = 4;
  public static final int OPENSSL_ENGINES_DIR = 5;
  public static final int OPENSSL_VERSION_STRING = 6;
  public static final int OPENSSL_FULL_VERSION_STRING = 7;
  public static final int OPENSSL_MODULES_DIR = 8;
  public static final int OPENSSL_CPU_INFO = 9;

  // ---- ASN.1 string types (asn1.h)

  public static final int V_ASN1_BIT_STRING = 3;
  public static final int V_ASN1_OCTET_STRING = 4;
  public static final int V_ASN1_UTF8STRING = 12;
  public static final int V_ASN1_NUMERICSTRING = 18;
  public static final int V_ASN1_PRINTABLESTRING = 19;
  public static final int V_ASN1_T61STRING = 20;
  public static final int V_ASN1_TELETEXSTRING = 20;
  public static final int V_ASN1_VIDEOTEXSTRING = 21;
  public static final int V_ASN1_IA5STRING = 22;
  public static final int V_ASN1_UTCTIME = 23;
  public static final int V_ASN1_GENERALIZEDTIME = 24;
  public static final int V_ASN1_GRAPHICSTRING = 25;
  public static final int V_ASN1_VISIBLESTRING = 26;
  public static final int V_ASN1_GENERALSTRING = 27;
  public static final int V_ASN1_UNIVERSALSTRING = 28;
  public static final int V_ASN1_BMPSTRING = 30;

  // ---- Multi-byte string input types (asn1.h)

  public static final int MBSTRING_FLAG = 4096;
  public static final int MBSTRING_UTF8 = 4096;
  public static final int MBSTRING_ASC = 4097;
  public static final int MBSTRING_BMP = 4098;
  public static final int MBSTRING_UNIV = 4100;

  // ---- General name types (x509v3.h)

  public static final int GEN_OTHERNAME = 0;
  public static final int GEN_EMAIL = 1;
  public static final int GEN_DNS = 2;
  public static final int GEN_X400 = 3;
  public static final int GEN_DIRNAME = 4;
  public static final int GEN_EDIPARTY = 5;
  public static final int GEN_URI = 6;
  public static final int GEN_IPADD = 7;
  public static final int GEN_RID = 8;

  // ---- Object identifiers (obj_mac.h)

  public static final int NID_undef = 0;
  public static final int NID_commonName = 13;
  public static final int NID_countryName = 14;
  public static final int NID_localityName = 15;
  public static final int NID_stateOrProvinceName = 16;
  public static final int NID_organizationName = 17;
  public static final int NID_organizationalUnitName = 18;
  public static final int NID_pkcs9_emailAddress = 48;
  public static final int NID_subject_alt_name = 85;
  public static final int NID_issuer_alt_name = 86;
  public static final int NID_basic_constraints = 87;
  public static final int NID_key_usage = 83;
  public static final int NID_ext_key_usage = 126;
  public static final int NID_info_access = 177;
  public static final int NID_crl_distribution_points = 103;
  public static final int NID_ad_OCSP = 178;
  public static final int NID_ad_ca_issuers = 179;
  public static final int NID_crl_reason = 141;
  public static final int NID_crl_number = 88;
  public static final int NID_subject_key_identifier = 82;
  public static final int NID_authority_key_identifier = 90;
  public static final int NID_certificate_policies = 89;
  public static final int NID_name_constraints = 666;
  public static final int NID_netscape_comment = 78;
  public static final int NID_aes_256_cbc = 427;
  public static final int NID_aes_128_cbc = 419;
  public static final int NID_sha256 = 672;

  // ---- Key types (evp.h)

  public static final int EVP_PKEY_NONE = 0;
  public static final int EVP_PKEY_RSA = 6;
  public static final int EVP_PKEY_RSA_PSS = 912;
  public static final int EVP_PKEY_DSA = 116;
  public static final int EVP_PKEY_DH = 28;
  public static final int EVP_PKEY_EC = 408;
  public static final int EVP_PKEY_ED25519 = 1087;
  public static final int EVP_PKEY_ED448 = 1088;
  public static final int EVP_PKEY_X25519 = 1034;
  public static final int EVP_PKEY_X448 = 1035;

  // ---- File types (x509.h)

  public static final int X509_FILETYPE_PEM = 1;
  public static final int X509_FILETYPE_ASN1 = 2;
  public static final int X509_FILETYPE_DEFAULT = 3;

  // ---- Name and certificate print flags (x509.h, asn1.h)

  public static final int XN_FLAG_COMPAT = 0;
  public static final int XN_FLAG_RFC2253 = 17892119;
  public static final int XN_FLAG_ONELINE = 8520479;
  public static final int XN_FLAG_MULTILINE = 44302342;
  public static final int X509_FLAG_COMPAT = 0;
  public static final int ASN1_STRFLGS_RFC2253 = 791;
  public static final int ASN1_STRFLGS_ESC_CTRL = 2;
  public static final int ASN1_STRFLGS_UTF8_CONVERT = 16;
  public static final int ASN1_STRFLGS_DUMP_UNKNOWN = 256;
  public static final int ASN1_STRFLGS_DUMP_DER = 512;
  public static final int XN_FLAG_SEP_CPLUS_SPC = 131072;
  public static final int XN_FLAG_FN_SN = 0;

  // ---- Verification flags (x509_vfy.h)

  public static final int X509_V_FLAG_CB_ISSUER_CHECK = 0;
  public static final int X509_V_FLAG_USE_CHECK_TIME = 2;
  public static final int X509_V_FLAG_CRL_CHECK = 4;
  public static final int X509_V_FLAG_CRL_CHECK_ALL = 8;
  public static final int X509_V_FLAG_IGNORE_CRITICAL = 16;
  public static final int X509_V_FLAG_X509_STRICT = 32;
  public static final int X509_V_FLAG_ALLOW_PROXY_CERTS = 64;
  public static final int X509_V_FLAG_POLICY_CHECK = 128;
  public static final int X509_V_FLAG_EXPLICIT_POLICY = 256;
  public static final int X509_V_FLAG_INHIBIT_ANY = 512;
  public static final int X509_V_FLAG_INHIBIT_MAP = 1024;
  public static final int X509_V_FLAG_NOTIFY_POLICY = 2048;
  public static final int X509_V_FLAG_EXTENDED_CRL_SUPPORT = 4096;
  public static final int X509_V_FLAG_USE_DELTAS = 8192;
  public static final int X509_V_FLAG_CHECK_SS_SIGNATURE = 16384;
  public static final int X509_V_FLAG_TRUSTED_FIRST = 32768;
  public static final int X509_V_FLAG_SUITEB_128_LOS_ONLY = 65536;
  public static final int X509_V_FLAG_SUITEB_192_LOS = 131072;
  public static final int X509_V_FLAG_SUITEB_128_LOS = 196608;
  public static final int X509_V_FLAG_PARTIAL_CHAIN = 524288;
  public static final int X509_V_FLAG_NO_ALT_CHAINS = 1048576;
  public static final int X509_V_FLAG_NO_CHECK_TIME = 2097152;

  // ---- Host check flags (x509v3.h)

  public static final int X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT = 1;
  public static final int X509_CHECK_FLAG_NO_WILDCARDS = 2;
  public static final int X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS = 4;
  public static final int X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS = 8;
  public static final int X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS = 16;
  public static final int X509_CHECK_FLAG_NEVER_CHECK_SUBJECT = 32;

  // ---- Stores, purposes, extensions (x509_vfy.h, x509v3.h)

  public static final int X509_LU_NONE = 0;
  public static final int X509_LU_X509 = 1;
  public static final int X509_LU_CRL = 2;
  public static final int X509_PURPOSE_SSL_CLIENT = 1;
  public static final int X509_PURPOSE_SSL_SERVER = 2;
  public static final int X509V3_ADD_DEFAULT = 0;
  public static final int X509V3_ADD_REPLACE = 2;
  public static final int X509_V_OK = 0;

  // ---- CRL reason codes (x509v3.h)

  public static final int CRL_REASON_NONE = -1;
  public static final int CRL_REASON_UNSPECIFIED = 0;
  public static final int CRL_REASON_KEY_COMPROMISE = 1;
  public static final int CRL_REASON_CA_COMPROMISE = 2;
  public static final int CRL_REASON_AFFILIATION_CHANGED = 3;
  public static final int CRL_REASON_SUPERSEDED = 4;
  public static final int CRL_REASON_CESSATION_OF_OPERATION = 5;
  public static final int CRL_REASON_CERTIFICATE_HOLD = 6;
  public static final int CRL_REASON_REMOVE_FROM_CRL = 8;
  public static final int CRL_REASON_PRIVILEGE_WITHDRAWN = 9;
  public static final int CRL_REASON_AA_COMPROMISE = 10;

  // ---- SSL_get_error results (ssl.h)

  public static final int SSL_ERROR_NONE = 0;
  public static final int SSL_ERROR_SSL = 1;
  public static final int SSL_ERROR_SYSCALL = 5;
  public static final int SSL_ERROR_WANT_ACCEPT = 8;
  public static final int SSL_ERROR_WANT_ASYNC = 9;
  public static final int SSL_ERROR_WANT_ASYNC_JOB = 10;
  public static final int SSL_ERROR_WANT_CLIENT_HELLO_CB = 11;
  public static final int SSL_ERROR_WANT_CONNECT = 7;
  public static final int SSL_ERROR_WANT_READ = 2;
  public static final int SSL_ERROR_WANT_RETRY_VERIFY = 12;
  public static final int SSL_ERROR_WANT_WRITE = 3;
  public static final int SSL_ERROR_WANT_X509_LOOKUP = 4;
  public static final int SSL_ERROR_ZERO_RETURN = 6;

  // ---- SSL_want states (ssl.h)

  public static final int SSL_ASYNC_NO_JOBS = 6;
  public static final int SSL_ASYNC_PAUSED = 5;
  public static final int SSL_CLIENT_HELLO_CB = 7;
  public static final int SSL_NOTHING = 1;
  public static final int SSL_READING = 3;
  public static final int SSL_RETRY_VERIFY = 8;
  public static final int SSL_WRITING = 2;
  public static final int SSL_X509_LOOKUP = 4;

  // ---- Shutdown state (ssl.h)

  public static final int SSL_RECEIVED_SHUTDOWN = 2;
  public static final int SSL_SENT_SHUTDOWN = 1;

  // ---- Modes (ssl.h)

  public static final int SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = 2;
  public static final int SSL_MODE_ASYNC = 256;
  public static final int SSL_MODE_AUTO_RETRY = 4;
  public static final int SSL_MODE_DTLS_SCTP_LABEL_LENGTH_BUG = 1024;
  public static final int SSL_MODE_ENABLE_PARTIAL_WRITE = 1;
  public static final int SSL_MODE_NO_AUTO_CHAIN = 8;
  public static final int SSL_MODE_RELEASE_BUFFERS = 16;
  public static final int SSL_MODE_SEND_CLIENTHELLO_TIME = 32;
  public static final int SSL_MODE_SEND_FALLBACK_SCSV = 128;
  public static final int SSL_MODE_SEND_SERVERHELLO_TIME = 64;

  // ---- Verification modes (ssl.h)

  public static final int SSL_VERIFY_CLIENT_ONCE = 4;
  public static final int SSL_VERIFY_FAIL_IF_NO_PEER_CERT = 2;
  public static final int SSL_VERIFY_NONE = 0;
  public static final int SSL_VERIFY_PEER = 1;
  public static final int SSL_VERIFY_POST_HANDSHAKE = 8;

  // ---- Options, 64-bit (ssl.h)

  public static final long SSL_OP_ALL = 2147485776L;
  public static final long SSL_OP_ALLOW_CLIENT_RENEGOTIATION = 256L;
  public static final long SSL_OP_ALLOW_NO_DHE_KEX = 1024L;
  public static final long SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION = 262144L;
  public static final long SSL_OP_CIPHER_SERVER_PREFERENCE = 4194304L;
  public static final long SSL_OP_CISCO_ANYCONNECT = 32768L;
  public static final long SSL_OP_CLEANSE_PLAINTEXT = 2L;
  public static final long SSL_OP_COOKIE_EXCHANGE = 8192L;
  public static final long SSL_OP_CRYPTOPRO_TLSEXT_BUG = 2147483648L;
  public static final long SSL_OP_DISABLE_TLSEXT_CA_NAMES = 512L;
  public static final long SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS = 2048L;
  public static final long SSL_OP_ENABLE_KTLS = 8L;
  public static final long SSL_OP_ENABLE_MIDDLEBOX_COMPAT = 1048576L;
  public static final long SSL_OP_EPHEMERAL_RSA = 0L;
  public static final long SSL_OP_IGNORE_UNEXPECTED_EOF = 128L;
  public static final long SSL_OP_LEGACY_SERVER_CONNECT = 4L;
  public static final long SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER = 0L;
  public static final long SSL_OP_MICROSOFT_SESS_ID_BUG = 0L;
  public static final long SSL_OP_MSIE_SSLV2_RSA_PADDING = 0L;
  public static final long SSL_OP_NETSCAPE_CA_DN_BUG = 0L;
  public static final long SSL_OP_NETSCAPE_CHALLENGE_BUG = 0L;
  public static final long SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG = 0L;
  public static final long SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG = 0L;
  public static final long SSL_OP_NO_ANTI_REPLAY = 16777216L;
  public static final long SSL_OP_NO_COMPRESSION = 131072L;
  public static final long SSL_OP_NO_DTLS_MASK = 201326592L;
  public static final long SSL_OP_NO_ENCRYPT_THEN_MAC = 524288L;
  public static final long SSL_OP_NO_EXTENDED_MASTER_SECRET = 1L;
  public static final long SSL_OP_NO_QUERY_MTU = 4096L;
  public static final long SSL_OP_NO_RENEGOTIATION = 1073741824L;
  public static final long SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION = 65536L;
  public static final long SSL_OP_NO_SSL_MASK = 1040187392L;
  public static final long SSL_OP_NO_DTLSv1 = 67108864L;
  public static final long SSL_OP_NO_DTLSv1_2 = 134217728L;
  public static final long SSL_OP_NO_SSLv2 = 0L;
  public static final long SSL_OP_NO_SSLv3 = 33554432L;
  public static final long SSL_OP_NO_TLSv1 = 67108864L;
  public static final long SSL_OP_NO_TLSv1_1 = 268435456L;
  public static final long SSL_OP_NO_TLSv1_2 = 134217728L;
  public static final long SSL_OP_NO_TLSv1_3 = 536870912L;
  public static final long SSL_OP_NO_TICKET = 16384L;
  public static final long SSL_OP_PKCS1_CHECK_1 = 0L;
  public static final long SSL_OP_PKCS1_CHECK_2 = 0L;
  public static final long SSL_OP_PRIORITIZE_CHACHA = 2097152L;
  public static final long SSL_OP_SAFARI_ECDHE_ECDSA_BUG = 64L;
  public static final long SSL_OP_SINGLE_DH_USE = 0L;
  public static final long SSL_OP_SINGLE_ECDH_USE = 0L;
  public static final long SSL_OP_SSLEAY_080_CLIENT_DH_BUG = 0L;
  public static final long SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG = 0L;
  public static final long SSL_OP_TLSEXT_PADDING = 16L;
  public static final long SSL_OP_TLS_BLOCK_PADDING_BUG = 0L;
  public static final long SSL_OP_TLS_D5_BUG = 0L;
  public static final long SSL_OP_TLS_ROLLBACK_BUG = 8388608L;

  // ---- Session cache modes (ssl.h)

  public static final int SSL_SESS_CACHE_BOTH = 3;
  public static final int SSL_SESS_CACHE_CLIENT = 1;
  public static final int SSL_SESS_CACHE_NO_AUTO_CLEAR = 128;
  public static final int SSL_SESS_CACHE_NO_INTERNAL = 768;
  public static final int SSL_SESS_CACHE_NO_INTERNAL_LOOKUP = 256;
  public static final int SSL_SESS_CACHE_NO_INTERNAL_STORE = 512;
  public static final int SSL_SESS_CACHE_OFF = 0;
  public static final int SSL_SESS_CACHE_SERVER = 2;
  public static final int SSL_SESS_CACHE_UPDATE_TIME = 1024;

  // ---- Info callback states (ssl.h)

  public static final int SSL_CB_ACCEPT_EXIT = 8194;
  public static final int SSL_CB_ACCEPT_LOOP = 8193;
  public static final int SSL_CB_ALERT = 16384;
  public static final int SSL_CB_CONNECT_EXIT = 4098;
  public static final int SSL_CB_CONNECT_LOOP = 4097;
  public static final int SSL_CB_EXIT = 2;
  public static final int SSL_CB_HANDSHAKE_DONE = 32;
  public static final int SSL_CB_HANDSHAKE_START = 16;
  public static final int SSL_CB_LOOP = 1;
  public static final int SSL_CB_READ = 4;
  public static final int SSL_CB_READ_ALERT = 16388;
  public static final int SSL_CB_WRITE = 8;
  public static final int SSL_CB_WRITE_ALERT = 16392;
  public static final int SSL_ST_ACCEPT = 8192;
  public static final int SSL_ST_CONNECT = 4096;
  public static final int SSL_ST_MASK = 4095;
  public static final int SSL_ST_READ_BODY = 241;
  public static final int SSL_ST_READ_DONE = 242;
  public static final int SSL_ST_READ_HEADER = 240;

  // ---- Protocol versions (prov_ssl.h, dtls1.h)

  public static final int DTLS1_2_VERSION = 65277;
  public static final int DTLS1_COOKIE_LENGTH = 255;
  public static final int DTLS_CTRL_GET_TIMEOUT = 73;
  public static final int DTLS_CTRL_HANDLE_TIMEOUT = 74;
  public static final int DTLS1_VERSION = 65279;
  public static final int SSL3_VERSION = 768;
  public static final int TLS1_1_VERSION = 770;
  public static final int TLS1_2_VERSION = 771;
  public static final int TLS1_3_VERSION = 772;
  public static final int TLS1_VERSION = 769;

  // ---- TLS extensions (tls1.h)

  public static final int SSL_TLSEXT_ERR_ALERT_FATAL = 2;
  public static final int SSL_TLSEXT_ERR_ALERT_WARNING = 1;
  public static final int SSL_TLSEXT_ERR_NOACK = 3;
  public static final int SSL_TLSEXT_ERR_OK = 0;
  public static final int TLSEXT_NAMETYPE_host_name = 0;
  public static final int TLSEXT_STATUSTYPE_ocsp = 1;

  // ---- File types (ssl.h)

  public static final int SSL_FILETYPE_ASN1 = 2;
  public static final int SSL_FILETYPE_PEM = 1;

  // ---- Alert descriptions (ssl.h)

  public static final int SSL_AD_ACCESS_DENIED = 49;
  public static final int SSL_AD_BAD_CERTIFICATE = 42;
  public static final int SSL_AD_BAD_CERTIFICATE_HASH_VALUE = 114;
  public static final int SSL_AD_BAD_CERTIFICATE_STATUS_RESPONSE = 113;
  public static final int SSL_AD_BAD_RECORD_MAC = 20;
  public static final int SSL_AD_CERTIFICATE_EXPIRED = 45;
  public static final int SSL_AD_CERTIFICATE_REQUIRED = 116;
  public static final int SSL_AD_CERTIFICATE_REVOKED = 44;
  public static final int SSL_AD_CERTIFICATE_UNKNOWN = 46;
  public static final int SSL_AD_CERTIFICATE_UNOBTAINABLE = 111;
  public static final int SSL_AD_CLOSE_NOTIFY = 0;
  public static final int SSL_AD_DECODE_ERROR = 50;
  public static final int SSL_AD_DECOMPRESSION_FAILURE = 30;
  public static final int SSL_AD_DECRYPTION_FAILED = 21;
  public static final int SSL_AD_DECRYPT_ERROR = 51;
  public static final int SSL_AD_EXPORT_RESTRICTION = 60;
  public static final int SSL_AD_HANDSHAKE_FAILURE = 40;
  public static final int SSL_AD_ILLEGAL_PARAMETER = 47;
  public static final int SSL_AD_INAPPROPRIATE_FALLBACK = 86;
  public static final int SSL_AD_INSUFFICIENT_SECURITY = 71;
  public static final int SSL_AD_INTERNAL_ERROR = 80;
  public static final int SSL_AD_MISSING_EXTENSION = 109;
  public static final int SSL_AD_NO_APPLICATION_PROTOCOL = 120;
  public static final int SSL_AD_NO_CERTIFICATE = 41;
  public static final int SSL_AD_NO_RENEGOTIATION = 100;
  public static final int SSL_AD_PROTOCOL_VERSION = 70;
  public static final int SSL_AD_REASON_OFFSET = 1000;
  public static final int SSL_AD_RECORD_OVERFLOW = 22;
  public static final int SSL_AD_UNEXPECTED_MESSAGE = 10;
  public static final int SSL_AD_UNKNOWN_CA = 48;
  public static final int SSL_AD_UNKNOWN_PSK_IDENTITY = 115;
  public static final int SSL_AD_UNRECOGNIZED_NAME = 112;
  public static final int SSL_AD_UNSUPPORTED_CERTIFICATE = 43;
  public static final int SSL_AD_UNSUPPORTED_EXTENSION = 110;
  public static final int SSL_AD_USER_CANCELLED = 90;

  // ---- Verification results (x509_vfy.h)

  public static final int X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH = 31;
  public static final int X509_V_ERR_AKID_SKID_MISMATCH = 30;
  public static final int X509_V_ERR_APPLICATION_VERIFICATION = 50;
  public static final int X509_V_ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL = 90;
  public static final int X509_V_ERR_CA_BCONS_NOT_CRITICAL = 89;
  public static final int X509_V_ERR_CA_CERT_MISSING_KEY_USAGE = 92;
  public static final int X509_V_ERR_CA_KEY_TOO_SMALL = 67;
  public static final int X509_V_ERR_CA_MD_TOO_WEAK = 68;
  public static final int X509_V_ERR_CERT_CHAIN_TOO_LONG = 22;
  public static final int X509_V_ERR_CERT_HAS_EXPIRED = 10;
  public static final int X509_V_ERR_CERT_NOT_YET_VALID = 9;
  public static final int X509_V_ERR_CERT_REJECTED = 28;
  public static final int X509_V_ERR_CERT_REVOKED = 23;
  public static final int X509_V_ERR_CERT_SIGNATURE_FAILURE = 7;
  public static final int X509_V_ERR_CERT_UNTRUSTED = 27;
  public static final int X509_V_ERR_CRL_HAS_EXPIRED = 12;
  public static final int X509_V_ERR_CRL_NOT_YET_VALID = 11;
  public static final int X509_V_ERR_CRL_PATH_VALIDATION_ERROR = 54;
  public static final int X509_V_ERR_CRL_SIGNATURE_FAILURE = 8;
  public static final int X509_V_ERR_DANE_NO_MATCH = 65;
  public static final int X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT = 18;
  public static final int X509_V_ERR_DIFFERENT_CRL_SCOPE = 44;
  public static final int X509_V_ERR_EC_KEY_EXPLICIT_PARAMS = 94;
  public static final int X509_V_ERR_EE_KEY_TOO_SMALL = 66;
  public static final int X509_V_ERR_EMAIL_MISMATCH = 63;
  public static final int X509_V_ERR_EMPTY_SUBJECT_ALT_NAME = 87;
  public static final int X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL = 88;
  public static final int X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD = 14;
  public static final int X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD = 13;
  public static final int X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD = 15;
  public static final int X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD = 16;
  public static final int X509_V_ERR_EXCLUDED_VIOLATION = 48;
  public static final int X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3 = 93;
  public static final int X509_V_ERR_HOSTNAME_MISMATCH = 62;
  public static final int X509_V_ERR_INVALID_CA = 79;
  public static final int X509_V_ERR_INVALID_CALL = 69;
  public static final int X509_V_ERR_INVALID_EXTENSION = 41;
  public static final int X509_V_ERR_INVALID_NON_CA = 37;
  public static final int X509_V_ERR_INVALID_POLICY_EXTENSION = 42;
  public static final int X509_V_ERR_INVALID_PURPOSE = 26;
  public static final int X509_V_ERR_IP_ADDRESS_MISMATCH = 64;
  public static final int X509_V_ERR_ISSUER_NAME_EMPTY = 83;
  public static final int X509_V_ERR_KEYUSAGE_NO_CERTSIGN = 32;
  public static final int X509_V_ERR_KEYUSAGE_NO_CRL_SIGN = 35;
  public static final int X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE = 39;
  public static final int X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA = 82;
  public static final int X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER = 85;
  public static final int X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER = 86;
  public static final int X509_V_ERR_NO_EXPLICIT_POLICY = 43;
  public static final int X509_V_ERR_NO_ISSUER_PUBLIC_KEY = 24;
  public static final int X509_V_ERR_NO_VALID_SCTS = 71;
  public static final int X509_V_ERR_OCSP_CERT_UNKNOWN = 75;
  public static final int X509_V_ERR_OCSP_VERIFY_FAILED = 74;
  public static final int X509_V_ERR_OCSP_VERIFY_NEEDED = 73;
  public static final int X509_V_ERR_OUT_OF_MEM = 17;
  public static final int X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA = 80;
  public static final int X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN = 81;
  public static final int X509_V_ERR_PATH_LENGTH_EXCEEDED = 25;
  public static final int X509_V_ERR_PATH_LOOP = 55;
  public static final int X509_V_ERR_PERMITTED_VIOLATION = 47;
  public static final int X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED = 40;
  public static final int X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED = 38;
  public static final int X509_V_ERR_PROXY_SUBJECT_NAME_VIOLATION = 72;
  public static final int X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN = 19;
  public static final int X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY = 78;
  public static final int X509_V_ERR_SIGNATURE_ALGORITHM_MISMATCH = 77;
  public static final int X509_V_ERR_STORE_LOOKUP = 70;
  public static final int X509_V_ERR_SUBJECT_ISSUER_MISMATCH = 29;
  public static final int X509_V_ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL = 91;
  public static final int X509_V_ERR_SUBJECT_NAME_EMPTY = 84;
  public static final int X509_V_ERR_SUBTREE_MINMAX = 49;
  public static final int X509_V_ERR_SUITE_B_CANNOT_SIGN_P_384_WITH_P_256 = 61;
  public static final int X509_V_ERR_SUITE_B_INVALID_ALGORITHM = 57;
  public static final int X509_V_ERR_SUITE_B_INVALID_CURVE = 58;
  public static final int X509_V_ERR_SUITE_B_INVALID_SIGNATURE_ALGORITHM = 59;
  public static final int X509_V_ERR_SUITE_B_INVALID_VERSION = 56;
  public static final int X509_V_ERR_SUITE_B_LOS_NOT_ALLOWED = 60;
  public static final int X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY = 6;
  public static final int X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE = 4;
  public static final int X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE = 5;
  public static final int X509_V_ERR_UNABLE_TO_GET_CRL = 3;
  public static final int X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER = 33;
  public static final int X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT = 2;
  public static final int X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
  public static final int X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE = 21;
  public static final int X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION = 36;
  public static final int X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION = 34;
  public static final int X509_V_ERR_UNNESTED_RESOURCE = 46;
  public static final int X509_V_ERR_UNSPECIFIED = 1;
  public static final int X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX = 52;
  public static final int X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE = 51;
  public static final int X509_V_ERR_UNSUPPORTED_EXTENSION_FEATURE = 45;
  public static final int X509_V_ERR_UNSUPPORTED_NAME_SYNTAX = 53;
  public static final int X509_V_ERR_UNSUPPORTED_SIGNATURE_ALGORITHM = 76;

  // ---- ALPN/NPN, key update, client hello (ssl.h)

  public static final int OPENSSL_NPN_NEGOTIATED = 1;
  public static final int OPENSSL_NPN_UNSUPPORTED = 0;
  public static final int SSL_CLIENT_HELLO_ERROR = 0;
  public static final int SSL_CLIENT_HELLO_RETRY = -1;
  public static final int SSL_CLIENT_HELLO_SUCCESS = 1;
  public static final int SSL_KEY_UPDATE_NONE = -1;
  public static final int SSL_KEY_UPDATE_NOT_REQUESTED = 0;
  public static final int SSL_KEY_UPDATE_REQUESTED = 1;

  // ---- Limits (ssl.h, pem.h)

  public static final int PEM_BUFSIZE = 1024;
  public static final int SSL_MAX_MASTER_KEY_LENGTH = 48;
  public static final int SSL_MAX_SID_CTX_LENGTH = 32;
  public static final int SSL_MAX_SSL_SESSION_ID_LENGTH = 32;

  // ---- ex_data classes (crypto.h)

  public static final int CRYPTO_EX_INDEX_SSL = 0;
  public static final int CRYPTO_EX_INDEX_SSL_CTX = 1;
  public static final int CRYPTO_EX_INDEX_SSL_SESSION = 2;

  // ---- SSL_ctrl and SSL_CTX_ctrl commands (ssl.h)

  public static final int SSL_CTRL_BUILD_CERT_CHAIN = 105;
  public static final int SSL_CTRL_CERT_FLAGS = 99;
  public static final int SSL_CTRL_CHAIN = 88;
  public static final int SSL_CTRL_CHAIN_CERT = 89;
  public static final int SSL_CTRL_CLEAR_CERT_FLAGS = 100;
  public static final int SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS = 83;
  public static final int SSL_CTRL_CLEAR_MODE = 78;
  public static final int SSL_CTRL_CLEAR_NUM_RENEGOTIATIONS = 11;
  public static final int SSL_CTRL_EXTRA_CHAIN_CERT = 14;
  public static final int SSL_CTRL_GET_CHAIN_CERTS = 115;
  public static final int SSL_CTRL_GET_CHAIN_CERT_STORE = 138;
  public static final int SSL_CTRL_GET_CLIENT_CERT_REQUEST = 9;
  public static final int SSL_CTRL_GET_CLIENT_CERT_TYPES = 103;
  public static final int SSL_CTRL_GET_CURVES = 90;
  public static final int SSL_CTRL_GET_EC_POINT_FORMATS = 111;
  public static final int SSL_CTRL_GET_EXTMS_SUPPORT = 122;
  public static final int SSL_CTRL_GET_EXTRA_CHAIN_CERTS = 82;
  public static final int SSL_CTRL_GET_FLAGS = 13;
  public static final int SSL_CTRL_GET_GROUPS = 90;
  public static final int SSL_CTRL_GET_MAX_CERT_LIST = 50;
  public static final int SSL_CTRL_GET_MAX_PROTO_VERSION = 131;
  public static final int SSL_CTRL_GET_MIN_PROTO_VERSION = 130;
  public static final int SSL_CTRL_GET_NEGOTIATED_GROUP = 134;
  public static final int SSL_CTRL_GET_NUM_RENEGOTIATIONS = 10;
  public static final int SSL_CTRL_GET_PEER_SIGNATURE_NID = 108;
  public static final int SSL_CTRL_GET_PEER_TMP_KEY = 109;
  public static final int SSL_CTRL_GET_RAW_CIPHERLIST = 110;
  public static final int SSL_CTRL_GET_READ_AHEAD = 40;
  public static final int SSL_CTRL_GET_RI_SUPPORT = 76;
  public static final int SSL_CTRL_GET_SESS_CACHE_MODE = 45;
  public static final int SSL_CTRL_GET_SESS_CACHE_SIZE = 43;
  public static final int SSL_CTRL_GET_SHARED_CURVE = 93;
  public static final int SSL_CTRL_GET_SHARED_GROUP = 93;
  public static final int SSL_CTRL_GET_SIGNATURE_NID = 132;
  public static final int SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB = 128;
  public static final int SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB_ARG = 129;
  public static final int SSL_CTRL_GET_TLSEXT_STATUS_REQ_EXTS = 66;
  public static final int SSL_CTRL_GET_TLSEXT_STATUS_REQ_IDS = 68;
  public static final int SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP = 70;
  public static final int SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE = 127;
  public static final int SSL_CTRL_GET_TLSEXT_TICKET_KEYS = 58;
  public static final int SSL_CTRL_GET_TMP_KEY = 133;
  public static final int SSL_CTRL_GET_TOTAL_RENEGOTIATIONS = 12;
  public static final int SSL_CTRL_GET_VERIFY_CERT_STORE = 137;
  public static final int SSL_CTRL_MODE = 33;
  public static final int SSL_CTRL_SELECT_CURRENT_CERT = 116;
  public static final int SSL_CTRL_SESS_ACCEPT = 24;
  public static final int SSL_CTRL_SESS_ACCEPT_GOOD = 25;
  public static final int SSL_CTRL_SESS_ACCEPT_RENEGOTIATE = 26;
  public static final int SSL_CTRL_SESS_CACHE_FULL = 31;
  public static final int SSL_CTRL_SESS_CB_HIT = 28;
  public static final int SSL_CTRL_SESS_CONNECT = 21;
  public static final int SSL_CTRL_SESS_CONNECT_GOOD = 22;
  public static final int SSL_CTRL_SESS_CONNECT_RENEGOTIATE = 23;
  public static final int SSL_CTRL_SESS_HIT = 27;
  public static final int SSL_CTRL_SESS_MISSES = 29;
  public static final int SSL_CTRL_SESS_NUMBER = 20;
  public static final int SSL_CTRL_SESS_TIMEOUTS = 30;
  public static final int SSL_CTRL_SET_CHAIN_CERT_STORE = 107;
  public static final int SSL_CTRL_SET_CLIENT_CERT_TYPES = 104;
  public static final int SSL_CTRL_SET_CLIENT_SIGALGS = 101;
  public static final int SSL_CTRL_SET_CLIENT_SIGALGS_LIST = 102;
  public static final int SSL_CTRL_SET_CURRENT_CERT = 117;
  public static final int SSL_CTRL_SET_CURVES = 91;
  public static final int SSL_CTRL_SET_CURVES_LIST = 92;
  public static final int SSL_CTRL_SET_DH_AUTO = 118;
  public static final int SSL_CTRL_SET_GROUPS = 91;
  public static final int SSL_CTRL_SET_GROUPS_LIST = 92;
  public static final int SSL_CTRL_SET_MAX_CERT_LIST = 51;
  public static final int SSL_CTRL_SET_MAX_PIPELINES = 126;
  public static final int SSL_CTRL_SET_MAX_PROTO_VERSION = 124;
  public static final int SSL_CTRL_SET_MAX_SEND_FRAGMENT = 52;
  public static final int SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
  public static final int SSL_CTRL_SET_MSG_CALLBACK = 15;
  public static final int SSL_CTRL_SET_MSG_CALLBACK_ARG = 16;
  public static final int SSL_CTRL_SET_MTU = 17;
  public static final int SSL_CTRL_SET_NOT_RESUMABLE_SESS_CB = 79;
  public static final int SSL_CTRL_SET_READ_AHEAD = 41;
  public static final int SSL_CTRL_SET_RETRY_VERIFY = 136;
  public static final int SSL_CTRL_SET_SESS_CACHE_MODE = 44;
  public static final int SSL_CTRL_SET_SESS_CACHE_SIZE = 42;
  public static final int SSL_CTRL_SET_SIGALGS = 97;
  public static final int SSL_CTRL_SET_SIGALGS_LIST = 98;
  public static final int SSL_CTRL_SET_SPLIT_SEND_FRAGMENT = 125;
  public static final int SSL_CTRL_SET_SRP_ARG = 78;
  public static final int SSL_CTRL_SET_SRP_GIVE_CLIENT_PWD_CB = 77;
  public static final int SSL_CTRL_SET_SRP_VERIFY_PARAM_CB = 76;
  public static final int SSL_CTRL_SET_TLSEXT_DEBUG_ARG = 57;
  public static final int SSL_CTRL_SET_TLSEXT_DEBUG_CB = 56;
  public static final int SSL_CTRL_SET_TLSEXT_HOSTNAME = 55;
  public static final int SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG = 54;
  public static final int SSL_CTRL_SET_TLSEXT_SERVERNAME_CB = 53;
  public static final int SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB = 63;
  public static final int SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB_ARG = 64;
  public static final int SSL_CTRL_SET_TLSEXT_STATUS_REQ_EXTS = 67;
  public static final int SSL_CTRL_SET_TLSEXT_STATUS_REQ_IDS = 69;
  public static final int SSL_CTRL_SET_TLSEXT_STATUS_REQ_OCSP_RESP = 71;
  public static final int SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE = 65;
  public static final int SSL_CTRL_SET_TLSEXT_TICKET_KEYS = 59;
  public static final int SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB = 72;
  public static final int SSL_CTRL_SET_TLS_EXT_SRP_PASSWORD = 81;
  public static final int SSL_CTRL_SET_TLS_EXT_SRP_STRENGTH = 80;
  public static final int SSL_CTRL_SET_TLS_EXT_SRP_USERNAME = 79;
  public static final int SSL_CTRL_SET_TLS_EXT_SRP_USERNAME_CB = 75;
  public static final int SSL_CTRL_SET_TMP_DH = 3;
  public static final int SSL_CTRL_SET_TMP_DH_CB = 6;
  public static final int SSL_CTRL_SET_TMP_ECDH = 4;
  public static final int SSL_CTRL_SET_VERIFY_CERT_STORE = 106;

  // ---- Reasons jossl tests for (sslerr.h)

  public static final int SSL_R_CERTIFICATE_VERIFY_FAILED = 134;
  public static final int SSL_R_NO_CIPHER_MATCH = 185;
  public static final int SSL_R_UNEXPECTED_EOF_WHILE_READING = 294;

  // ---- Reasons jossl tests for (asn1err.h, pemerr.h, x509err.h)

  public static final int ASN1_R_HEADER_TOO_LONG = 123;
  public static final int PEM_R_NO_START_LINE = 108;
  public static final int X509_R_CERT_ALREADY_IN_HASH_TABLE = 101;
}
