/*
 * The libssl functions jossl calls: exact prototypes from OpenSSL 3's headers.
 * See libcrypto.h for how this list is used and checked.
 */
#include <openssl/ssl.h>

/* --- Library --- */
int OPENSSL_init_ssl(uint64_t opts, const OPENSSL_INIT_SETTINGS *settings);
