package org.jossl.ssl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a context's trust store holds; Python's {@code SSLContext.cert_store_stats()} dict.
 *
 * @param x509 certificates
 * @param crl CRLs
 * @param x509Ca certificates that are CAs
 */
public record CertStoreStats(int x509, int crl, int x509Ca) {
  /** Python's dict, keys in Python's order. */
  public Map<String, Integer> asMap() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("x509", x509);
    m.put("crl", crl);
    m.put("x509_ca", x509Ca);
    return m;
  }
}
