package org.jossl.ssl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cipher of {@link SslContext#getCiphers()}: the dict Python's {@code SSLContext.get_ciphers()}
 * gives for it.
 *
 * @param id OpenSSL's cipher id
 * @param name OpenSSL's name ({@code TLS_AES_256_GCM_SHA384})
 * @param protocol the version that defines it ({@code TLSv1.3})
 * @param description OpenSSL's one-line description
 * @param strengthBits secret bits
 * @param algBits the algorithm's bits
 * @param aead whether it is an AEAD cipher
 * @param symmetric the cipher's long name ({@code aes-256-gcm}), or null
 * @param digest the MAC digest's long name, or null (AEAD)
 * @param kea the key exchange's long name ({@code kx-any}), or null
 * @param auth the authentication's long name ({@code auth-any}), or null
 */
public record CipherDetails(
    long id,
    String name,
    String protocol,
    String description,
    int strengthBits,
    int algBits,
    boolean aead,
    String symmetric,
    String digest,
    String kea,
    String auth) {

  /** Python's dict, keys in Python's order. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("protocol", protocol);
    m.put("description", description);
    m.put("strength_bits", strengthBits);
    m.put("alg_bits", algBits);
    m.put("aead", aead);
    m.put("symmetric", symmetric);
    m.put("digest", digest);
    m.put("kea", kea);
    m.put("auth", auth);
    return m;
  }
}
