package org.jossl.ssl;

/**
 * What a default context is for; Python's {@code ssl.Purpose} (an {@code _ASN1Object}: NID, short
 * name, long name, OID of the extended key usage).
 */
public enum Purpose {
  /** Authenticating servers: a client context. */
  SERVER_AUTH(129, "serverAuth", "TLS Web Server Authentication", "1.3.6.1.5.5.7.3.1"),
  /** Authenticating clients: a server context. */
  CLIENT_AUTH(130, "clientAuth", "TLS Web Client Authentication", "1.3.6.1.5.5.7.3.2");

  private final int nid;
  private final String shortName;
  private final String longName;
  private final String oid;

  Purpose(int nid, String shortName, String longName, String oid) {
    this.nid = nid;
    this.shortName = shortName;
    this.longName = longName;
    this.oid = oid;
  }

  /** OpenSSL's NID. */
  public int nid() {
    return nid;
  }

  /** OpenSSL's short name. */
  public String shortName() {
    return shortName;
  }

  /** OpenSSL's long name. */
  public String longName() {
    return longName;
  }

  /** The dotted OID. */
  public String oid() {
    return oid;
  }

  /**
   * The member's value: Python's {@code Purpose.SERVER_AUTH} is an {@code _ASN1Object}, equal to
   * {@code _ASN1Object('1.3.6.1.5.5.7.3.1')}.
   */
  public Asn1Object asn1Object() {
    return new Asn1Object(nid, shortName, longName, oid);
  }

  /**
   * The purpose an object stands for (Python compares the tuples).
   *
   * @throws IllegalArgumentException Python's {@code ValueError(purpose)} for any other object,
   *     whose text is the object's {@code repr()}
   */
  public static Purpose of(Asn1Object object) {
    for (Purpose p : values()) {
      if (p.asn1Object().equals(object)) {
        return p;
      }
    }
    throw new IllegalArgumentException(String.valueOf(object));
  }
}
