package org.jossl.ssl;

import java.util.Arrays;
import java.util.List;

/**
 * The cipher of a connection; Python's {@code cipher()} tuple {@code (name, protocol,
 * secret_bits)}.
 *
 * @param name OpenSSL's cipher name
 * @param protocol the protocol version that defines the cipher ({@code TLSv1.2} for an ECDHE-GCM
 *     suite even on a later protocol)
 * @param secretBits the secret bits
 */
public record CipherInfo(String name, String protocol, int secretBits) {
  /** Python's tuple, as a list. */
  public List<Object> asList() {
    return Arrays.asList(name, protocol, secretBits);
  }
}
