/**
 * pyOpenSSL's {@code OpenSSL.crypto}, as far as TLS needs it and more: certificates ({@link
 * org.jossl.crypto.X509}), names, extensions, keys, stores, CRLs, and a test PKI.
 */
package org.jossl.crypto;
