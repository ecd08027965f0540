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
  public static final int BIO_C_SET_BUF_MEM_EOF_RETURN = 130;

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
}
