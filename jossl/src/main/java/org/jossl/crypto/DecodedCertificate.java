package org.jossl.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A certificate as Python's {@code ssl} module decodes it: the dict {@code getpeercert()} returns.
 * {@link #asMap()} gives exactly Python's nesting (tuples as lists) and {@link #toJson()} exactly
 * what {@code json.dumps} writes for it.
 *
 * @param subject the subject: RDNs, each a list of (long attribute name, value) pairs
 * @param issuer the issuer, shaped as the subject
 * @param version the version, 1-based (3 for v3), as Python reports it
 * @param serialNumber upper-case hex with an even number of digits ({@code "01"})
 * @param notBefore OpenSSL's text, e.g. {@code "Jan 5 09:34:43 2018 GMT"}
 * @param notAfter as notBefore
 * @param subjectAltName the subject alternative names, or null if the certificate has none
 * @param ocsp OCSP responder URIs from authority information access, or null if none
 * @param caIssuers CA issuer URIs from authority information access, or null if none
 * @param crlDistributionPoints CRL distribution point URIs, or null if none
 */
public record DecodedCertificate(
    List<List<Attribute>> subject,
    List<List<Attribute>> issuer,
    long version,
    String serialNumber,
    String notBefore,
    String notAfter,
    List<AltName> subjectAltName,
    List<String> ocsp,
    List<String> caIssuers,
    List<String> crlDistributionPoints) {

  /**
   * One name attribute: its long name ({@code commonName}, or the dotted OID) and its value, a
   * {@code String} or, for a BIT STRING attribute, a {@code byte[]} (Python gives bytes).
   */
  public record Attribute(String name, Object value) {
    /** The value as text; a byte value is shown as hex. */
    public String valueString() {
      return value instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : (String) value;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Attribute a
          && a.name.equals(name)
          && (value instanceof byte[] b
              ? a.value instanceof byte[] c && Arrays.equals(b, c)
              : value.equals(a.value));
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31
          + (value instanceof byte[] b ? Arrays.hashCode(b) : value.hashCode());
    }
  }

  /**
   * One subject alternative name: Python's type label ({@code DNS}, {@code IP Address}, {@code
   * email}, {@code URI}, {@code DirName}, {@code Registered ID}, {@code othername}, …) and value: a
   * {@code String}, or for {@code DirName} a name shaped as {@link #subject()}.
   */
  public record AltName(String type, Object value) {}

  private static final DecodedCertificate EMPTY =
      new DecodedCertificate(List.of(), List.of(), 0, null, null, null, null, null, null, null);

  /**
   * The empty dict {@code getpeercert()} returns when the peer's certificate was not verified (the
   * context's verify mode lacks {@code SSL_VERIFY_PEER}).
   */
  public static DecodedCertificate empty() {
    return EMPTY;
  }

  /** Whether this is {@link #empty()}: Python's {@code {}}. */
  public boolean isEmpty() {
    return this == EMPTY;
  }

  /** The first value of {@code attribute} (a long name) in the subject, or null. */
  public String subjectAttribute(String attribute) {
    for (List<Attribute> rdn : subject) {
      for (Attribute a : rdn) {
        if (a.name.equals(attribute)) {
          return a.valueString();
        }
      }
    }
    return null;
  }

  /** Python's dict: keys in Python's order, tuples as lists, bytes as {@code byte[]}. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (isEmpty()) {
      return m;
    }
    m.put("subject", nameAsList(subject));
    m.put("issuer", nameAsList(issuer));
    m.put("version", version);
    m.put("serialNumber", serialNumber);
    m.put("notBefore", notBefore);
    m.put("notAfter", notAfter);
    if (subjectAltName != null) {
      List<Object> sans = new ArrayList<>();
      for (AltName a : subjectAltName) {
        Object v = a.value;
        if (v instanceof List<?> name) {
          @SuppressWarnings("unchecked")
          List<List<Attribute>> dn = (List<List<Attribute>>) name;
          v = nameAsList(dn);
        }
        sans.add(List.of(a.type, v));
      }
      m.put("subjectAltName", sans);
    }
    if (ocsp != null) {
      m.put("OCSP", ocsp);
    }
    if (caIssuers != null) {
      m.put("caIssuers", caIssuers);
    }
    if (crlDistributionPoints != null) {
      m.put("crlDistributionPoints", crlDistributionPoints);
    }
    return m;
  }

  private static List<Object> nameAsList(List<List<Attribute>> name) {
    List<Object> out = new ArrayList<>();
    for (List<Attribute> rdn : name) {
      List<Object> r = new ArrayList<>();
      for (Attribute a : rdn) {
        r.add(List.of(a.name, a.value));
      }
      out.add(r);
    }
    return out;
  }

  /**
   * {@code json.dumps(cert)} as Python writes it (tuples as arrays, {@code ", "} and {@code ": "}
   * separators, non-ASCII escaped), with a {@code bytes} value written as {@code {"$bytes":
   * "<hex>"}}.
   */
  public String toJson() {
    return PythonJson.dumps(asMap());
  }
}
