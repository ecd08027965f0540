package org.jossl.internal;

/**
 * One entry of OpenSSL's thread-local error queue, as {@link ErrorQueue#drain()} takes it off.
 *
 * @param code the packed error code ({@code ERR_get_error_all})
 * @param library {@code ERR_GET_LIB(code)}, e.g. 20 for SSL
 * @param reason {@code ERR_GET_REASON(code)}, including OpenSSL's flag bits; the errno for a system
 *     error
 * @param libraryName Python's mnemonic for the library ("SSL", "PEM"), or null if none
 * @param reasonName Python's mnemonic for the reason ("CERTIFICATE_VERIFY_FAILED"), or null
 * @param libraryText {@code ERR_lib_error_string} ("SSL routines"), or null
 * @param reasonText {@code ERR_reason_error_string} ("certificate verify failed"), or null
 * @param function the C function that raised it, or "" when OpenSSL does not say
 * @param file the C source file, or null
 * @param line the C source line
 * @param data the extra text OpenSSL attached ({@code ERR_TXT_STRING}), or null
 */
public record ErrorEntry(
    long code,
    int library,
    int reason,
    String libraryName,
    String reasonName,
    String libraryText,
    String reasonText,
    String function,
    String file,
    int line,
    String data) {}
