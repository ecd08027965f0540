package org.jossl.openssl;

import org.jossl.internal.ffi.Constants;

/**
 * The results of certificate verification, as a verify callback receives them ({@code errno}) and
 * {@code X509_STORE_CTX_get_error()} returns them: pyOpenSSL's {@code
 * OpenSSL.SSL.X509VerificationCodes} (pyOpenSSL 23.2), every name with OpenSSL's value. {@link #OK}
 * is success, the {@code ERR_*} codes are OpenSSL's {@code X509_V_ERR_*}.
 */
public final class X509VerificationCodes {
  private X509VerificationCodes() {}

  /** Verification succeeded. OpenSSL: {@code X509_V_OK} */
  public static final int OK = Constants.X509_V_OK;

  /** Unable to get issuer certificate. OpenSSL: {@code X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT} */
  public static final int ERR_UNABLE_TO_GET_ISSUER_CERT =
      Constants.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT;

  /** Unable to get certificate CRL. OpenSSL: {@code X509_V_ERR_UNABLE_TO_GET_CRL} */
  public static final int ERR_UNABLE_TO_GET_CRL = Constants.X509_V_ERR_UNABLE_TO_GET_CRL;

  /**
   * Unable to decrypt certificate's signature. OpenSSL: {@code
   * X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE}
   */
  public static final int ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE =
      Constants.X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE;

  /**
   * Unable to decrypt CRL's signature. OpenSSL: {@code X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE}
   */
  public static final int ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE =
      Constants.X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE;

  /**
   * Unable to decode issuer public key. OpenSSL: {@code
   * X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY}
   */
  public static final int ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY =
      Constants.X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY;

  /** Certificate signature failure. OpenSSL: {@code X509_V_ERR_CERT_SIGNATURE_FAILURE} */
  public static final int ERR_CERT_SIGNATURE_FAILURE = Constants.X509_V_ERR_CERT_SIGNATURE_FAILURE;

  /** CRL signature failure. OpenSSL: {@code X509_V_ERR_CRL_SIGNATURE_FAILURE} */
  public static final int ERR_CRL_SIGNATURE_FAILURE = Constants.X509_V_ERR_CRL_SIGNATURE_FAILURE;

  /** Certificate is not yet valid. OpenSSL: {@code X509_V_ERR_CERT_NOT_YET_VALID} */
  public static final int ERR_CERT_NOT_YET_VALID = Constants.X509_V_ERR_CERT_NOT_YET_VALID;

  /** Certificate has expired. OpenSSL: {@code X509_V_ERR_CERT_HAS_EXPIRED} */
  public static final int ERR_CERT_HAS_EXPIRED = Constants.X509_V_ERR_CERT_HAS_EXPIRED;

  /** CRL is not yet valid. OpenSSL: {@code X509_V_ERR_CRL_NOT_YET_VALID} */
  public static final int ERR_CRL_NOT_YET_VALID = Constants.X509_V_ERR_CRL_NOT_YET_VALID;

  /** CRL has expired. OpenSSL: {@code X509_V_ERR_CRL_HAS_EXPIRED} */
  public static final int ERR_CRL_HAS_EXPIRED = Constants.X509_V_ERR_CRL_HAS_EXPIRED;

  /**
   * Format error in certificate's notBefore field. OpenSSL: {@code
   * X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD}
   */
  public static final int ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD =
      Constants.X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD;

  /**
   * Format error in certificate's notAfter field. OpenSSL: {@code
   * X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD}
   */
  public static final int ERR_ERROR_IN_CERT_NOT_AFTER_FIELD =
      Constants.X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD;

  /**
   * Format error in CRL's lastUpdate field. OpenSSL: {@code
   * X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD}
   */
  public static final int ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD =
      Constants.X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD;

  /**
   * Format error in CRL's nextUpdate field. OpenSSL: {@code
   * X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD}
   */
  public static final int ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD =
      Constants.X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD;

  /** Out of memory. OpenSSL: {@code X509_V_ERR_OUT_OF_MEM} */
  public static final int ERR_OUT_OF_MEM = Constants.X509_V_ERR_OUT_OF_MEM;

  /** Self-signed certificate. OpenSSL: {@code X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT} */
  public static final int ERR_DEPTH_ZERO_SELF_SIGNED_CERT =
      Constants.X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;

  /**
   * Self-signed certificate in certificate chain. OpenSSL: {@code
   * X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN}
   */
  public static final int ERR_SELF_SIGNED_CERT_IN_CHAIN =
      Constants.X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;

  /**
   * Unable to get local issuer certificate. OpenSSL: {@code
   * X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY}
   */
  public static final int ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY =
      Constants.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;

  /**
   * Unable to verify the first certificate. OpenSSL: {@code
   * X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE}
   */
  public static final int ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE =
      Constants.X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;

  /** Certificate chain too long. OpenSSL: {@code X509_V_ERR_CERT_CHAIN_TOO_LONG} */
  public static final int ERR_CERT_CHAIN_TOO_LONG = Constants.X509_V_ERR_CERT_CHAIN_TOO_LONG;

  /** Certificate revoked. OpenSSL: {@code X509_V_ERR_CERT_REVOKED} */
  public static final int ERR_CERT_REVOKED = Constants.X509_V_ERR_CERT_REVOKED;

  /** Invalid CA certificate. OpenSSL: {@code X509_V_ERR_INVALID_CA} */
  public static final int ERR_INVALID_CA = Constants.X509_V_ERR_INVALID_CA;

  /** Path length constraint exceeded. OpenSSL: {@code X509_V_ERR_PATH_LENGTH_EXCEEDED} */
  public static final int ERR_PATH_LENGTH_EXCEEDED = Constants.X509_V_ERR_PATH_LENGTH_EXCEEDED;

  /** Unsuitable certificate purpose. OpenSSL: {@code X509_V_ERR_INVALID_PURPOSE} */
  public static final int ERR_INVALID_PURPOSE = Constants.X509_V_ERR_INVALID_PURPOSE;

  /** Certificate not trusted. OpenSSL: {@code X509_V_ERR_CERT_UNTRUSTED} */
  public static final int ERR_CERT_UNTRUSTED = Constants.X509_V_ERR_CERT_UNTRUSTED;

  /** Certificate rejected. OpenSSL: {@code X509_V_ERR_CERT_REJECTED} */
  public static final int ERR_CERT_REJECTED = Constants.X509_V_ERR_CERT_REJECTED;

  /** Subject issuer mismatch. OpenSSL: {@code X509_V_ERR_SUBJECT_ISSUER_MISMATCH} */
  public static final int ERR_SUBJECT_ISSUER_MISMATCH =
      Constants.X509_V_ERR_SUBJECT_ISSUER_MISMATCH;

  /**
   * Authority and subject key identifier mismatch. OpenSSL: {@code X509_V_ERR_AKID_SKID_MISMATCH}
   */
  public static final int ERR_AKID_SKID_MISMATCH = Constants.X509_V_ERR_AKID_SKID_MISMATCH;

  /**
   * Authority and issuer serial number mismatch. OpenSSL: {@code
   * X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH}
   */
  public static final int ERR_AKID_ISSUER_SERIAL_MISMATCH =
      Constants.X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH;

  /**
   * Key usage does not include certificate signing. OpenSSL: {@code
   * X509_V_ERR_KEYUSAGE_NO_CERTSIGN}
   */
  public static final int ERR_KEYUSAGE_NO_CERTSIGN = Constants.X509_V_ERR_KEYUSAGE_NO_CERTSIGN;

  /** Unable to get CRL issuer certificate. OpenSSL: {@code X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER} */
  public static final int ERR_UNABLE_TO_GET_CRL_ISSUER =
      Constants.X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER;

  /** Unhandled critical extension. OpenSSL: {@code X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION} */
  public static final int ERR_UNHANDLED_CRITICAL_EXTENSION =
      Constants.X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION;

  /** Key usage does not include CRL signing. OpenSSL: {@code X509_V_ERR_KEYUSAGE_NO_CRL_SIGN} */
  public static final int ERR_KEYUSAGE_NO_CRL_SIGN = Constants.X509_V_ERR_KEYUSAGE_NO_CRL_SIGN;

  /**
   * Unhandled critical CRL extension. OpenSSL: {@code X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION}
   */
  public static final int ERR_UNHANDLED_CRITICAL_CRL_EXTENSION =
      Constants.X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION;

  /** Invalid non-CA certificate (has CA markings). OpenSSL: {@code X509_V_ERR_INVALID_NON_CA} */
  public static final int ERR_INVALID_NON_CA = Constants.X509_V_ERR_INVALID_NON_CA;

  /**
   * Proxy path length constraint exceeded. OpenSSL: {@code X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED}
   */
  public static final int ERR_PROXY_PATH_LENGTH_EXCEEDED =
      Constants.X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED;

  /**
   * Key usage does not include digital signature. OpenSSL: {@code
   * X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE}
   */
  public static final int ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE =
      Constants.X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE;

  /**
   * Proxy certificates not allowed, please set the appropriate flag. OpenSSL: {@code
   * X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED}
   */
  public static final int ERR_PROXY_CERTIFICATES_NOT_ALLOWED =
      Constants.X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED;

  /**
   * Invalid or inconsistent certificate extension. OpenSSL: {@code X509_V_ERR_INVALID_EXTENSION}
   */
  public static final int ERR_INVALID_EXTENSION = Constants.X509_V_ERR_INVALID_EXTENSION;

  /**
   * Invalid or inconsistent certificate policy extension. OpenSSL: {@code
   * X509_V_ERR_INVALID_POLICY_EXTENSION}
   */
  public static final int ERR_INVALID_POLICY_EXTENSION =
      Constants.X509_V_ERR_INVALID_POLICY_EXTENSION;

  /** No explicit policy. OpenSSL: {@code X509_V_ERR_NO_EXPLICIT_POLICY} */
  public static final int ERR_NO_EXPLICIT_POLICY = Constants.X509_V_ERR_NO_EXPLICIT_POLICY;

  /** Different CRL scope. OpenSSL: {@code X509_V_ERR_DIFFERENT_CRL_SCOPE} */
  public static final int ERR_DIFFERENT_CRL_SCOPE = Constants.X509_V_ERR_DIFFERENT_CRL_SCOPE;

  /** Unsupported extension feature. OpenSSL: {@code X509_V_ERR_UNSUPPORTED_EXTENSION_FEATURE} */
  public static final int ERR_UNSUPPORTED_EXTENSION_FEATURE =
      Constants.X509_V_ERR_UNSUPPORTED_EXTENSION_FEATURE;

  /**
   * RFC 3779 resource not subset of parent's resources. OpenSSL: {@code
   * X509_V_ERR_UNNESTED_RESOURCE}
   */
  public static final int ERR_UNNESTED_RESOURCE = Constants.X509_V_ERR_UNNESTED_RESOURCE;

  /** Permitted subtree violation. OpenSSL: {@code X509_V_ERR_PERMITTED_VIOLATION} */
  public static final int ERR_PERMITTED_VIOLATION = Constants.X509_V_ERR_PERMITTED_VIOLATION;

  /** Excluded subtree violation. OpenSSL: {@code X509_V_ERR_EXCLUDED_VIOLATION} */
  public static final int ERR_EXCLUDED_VIOLATION = Constants.X509_V_ERR_EXCLUDED_VIOLATION;

  /**
   * Name constraints minimum and maximum not supported. OpenSSL: {@code X509_V_ERR_SUBTREE_MINMAX}
   */
  public static final int ERR_SUBTREE_MINMAX = Constants.X509_V_ERR_SUBTREE_MINMAX;

  /** Unsupported name constraint type. OpenSSL: {@code X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE} */
  public static final int ERR_UNSUPPORTED_CONSTRAINT_TYPE =
      Constants.X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE;

  /**
   * Unsupported or invalid name constraint syntax. OpenSSL: {@code
   * X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX}
   */
  public static final int ERR_UNSUPPORTED_CONSTRAINT_SYNTAX =
      Constants.X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX;

  /** Unsupported or invalid name syntax. OpenSSL: {@code X509_V_ERR_UNSUPPORTED_NAME_SYNTAX} */
  public static final int ERR_UNSUPPORTED_NAME_SYNTAX =
      Constants.X509_V_ERR_UNSUPPORTED_NAME_SYNTAX;

  /** CRL path validation error. OpenSSL: {@code X509_V_ERR_CRL_PATH_VALIDATION_ERROR} */
  public static final int ERR_CRL_PATH_VALIDATION_ERROR =
      Constants.X509_V_ERR_CRL_PATH_VALIDATION_ERROR;

  /** Hostname mismatch. OpenSSL: {@code X509_V_ERR_HOSTNAME_MISMATCH} */
  public static final int ERR_HOSTNAME_MISMATCH = Constants.X509_V_ERR_HOSTNAME_MISMATCH;

  /** Email address mismatch. OpenSSL: {@code X509_V_ERR_EMAIL_MISMATCH} */
  public static final int ERR_EMAIL_MISMATCH = Constants.X509_V_ERR_EMAIL_MISMATCH;

  /** IP address mismatch. OpenSSL: {@code X509_V_ERR_IP_ADDRESS_MISMATCH} */
  public static final int ERR_IP_ADDRESS_MISMATCH = Constants.X509_V_ERR_IP_ADDRESS_MISMATCH;

  /** Application verification failure. OpenSSL: {@code X509_V_ERR_APPLICATION_VERIFICATION} */
  public static final int ERR_APPLICATION_VERIFICATION =
      Constants.X509_V_ERR_APPLICATION_VERIFICATION;
}
