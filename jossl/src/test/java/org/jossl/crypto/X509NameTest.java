package org.jossl.crypto;

import static org.jossl.crypto.PeerResults.assertRaisedType;
import static org.jossl.crypto.PeerResults.bytes;
import static org.jossl.crypto.PeerResults.list;
import static org.jossl.crypto.PeerResults.longValue;
import static org.jossl.crypto.PeerResults.map;
import static org.jossl.crypto.PeerResults.ok;
import static org.jossl.crypto.PeerResults.opensslOk;
import static org.jossl.crypto.PeerResults.raised;
import static org.jossl.crypto.PeerResults.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jossl.internal.ffi.Constants;
import org.jossl.testing.JsonPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link X509Name} against pyOpenSSL's {@code X509Name} on the same names, carried to pyOpenSSL as
 * the subject of a certificate.
 */
class X509NameTest {
  private static JsonPeer py;
  private static PKey signer;
  private static final Map<String, X509Name> NAMES = new LinkedHashMap<>();

  /** Attributes read from every name: short, long, present, absent, and a non-name OID. */
  private static final List<String> ATTRIBUTES =
      List.of(
          "CN",
          "commonName",
          "O",
          "organizationName",
          "OU",
          "C",
          "L",
          "ST",
          "emailAddress",
          "serialNumber",
          "title",
          "sha256");

  @BeforeAll
  static void setUp() throws Exception {
    py = JsonPeer.pyOpenSsl("pyopenssl_crypto.py");
    signer = PKey.generate(KeyType.EC_P256);
    NAMES.put("CN only", X509Name.builder().add("CN", "localhost").build());
    NAMES.put(
        "typical",
        X509Name.builder()
            .add("C", "US")
            .add("ST", "California")
            .add("L", "San Francisco")
            .add("O", "Example Org")
            .add("OU", "Unit A")
            .add("CN", "www.example.com")
            .add("emailAddress", "admin@example.com")
            .build());
    NAMES.put(
        "multi-valued RDN and repeated OU",
        X509Name.builder()
            .add("O", "Org")
            .add("OU", "Unit A")
            .addToPreviousRdn("OU", "Unit B")
            .add("OU", "Unit C")
            .add("CN", "multi")
            .build());
    NAMES.put(
        "non-ASCII UTF-8",
        X509Name.builder().add("O", "Ünïcödé GmbH").add("CN", "bücher.example").build());
    NAMES.put(
        "BMPString and long names",
        X509Name.builder()
            .add("organizationName", "Long Name Org")
            .addRaw("CN", Constants.V_ASN1_BMPSTRING, "bmp €".getBytes(StandardCharsets.UTF_16BE))
            .add("serialNumber", "12345")
            .add("title", "Dr")
            .build());
    NAMES.put("empty", X509Name.builder().build());
  }

  @AfterAll
  static void stop() {
    py.close();
  }

  /** Labels only: JUnit closes AutoCloseable arguments after each invocation. */
  static Stream<String> names() {
    return NAMES.keySet().stream();
  }

  /** A certificate whose subject is {@code name}, to hand the name to pyOpenSSL. */
  private static byte[] certWith(X509Name name) throws CryptoException {
    return X509.builder()
        .subject(name)
        .issuer(X509Name.builder().add("CN", "issuer").build())
        .publicKey(signer)
        .sign(signer, "sha256")
        .toPem()
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static Map<String, Object> pyName(X509Name name, List<List<String>> assignments)
      throws CryptoException {
    List<Object> set = new ArrayList<>(assignments);
    return map(py.call("name", "cert", certWith(name), "get", ATTRIBUTES, "set", set));
  }

  private static List<List<String>> hexComponents(Object pyComponents) {
    List<List<String>> out = new ArrayList<>();
    for (Object pair : list(pyComponents)) {
      List<Object> kv = list(pair);
      out.add(List.of(text(kv.get(0)), HexFormat.of().formatHex(bytes(kv.get(1)))));
    }
    return out;
  }

  private static List<List<String>> hexComponents(X509Name name) {
    List<List<String>> out = new ArrayList<>();
    for (X509Name.Component c : name.getComponents()) {
      out.add(List.of(c.name(), HexFormat.of().formatHex(c.value())));
    }
    return out;
  }

  private static void assertSameName(Map<String, Object> p, X509Name name, String where)
      throws CryptoException {
    assertEquals(hexComponents(p.get("components")), hexComponents(name), where + " components");
    assertEquals(longValue(p.get("hash")), name.hash(), where + " hash");
    assertArrayEquals(bytes(p.get("der")), name.der(), where + " der");
    assertEquals(p.get("repr"), name.toString(), where + " repr");
    assertEquals(list(p.get("components")).size(), name.entryCount(), where + " entry count");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void matchesPyOpenSsl(String label) throws Exception {
    X509Name name = NAMES.get(label);
    Map<String, Object> p = pyName(name, List.of());
    assertSameName(p, name, label);
    assertEquals("<X509Name object '" + name.oneline() + "'>", name.toString());
    Map<String, Object> got = map(p.get("get"));
    for (String attribute : ATTRIBUTES) {
      assertEquals(ok(got.get(attribute)), name.get(attribute), label + " ." + attribute);
    }
    assertEquals(name.get("CN"), name.commonName());
    // the DER decodes to an equal name
    try (X509Name back = X509Name.fromDer(name.der())) {
      assertEquals(name, back);
      assertArrayEquals(name.der(), back.der());
    }
  }

  @Test
  void missingAttributeIsNullUnknownIsAnError() throws Exception {
    X509Name name = NAMES.get("CN only");
    assertNull(name.get("O"));
    assertNull(name.get("organizationName"));
    Map<String, Object> p =
        map(py.call("name", "cert", certWith(name), "get", List.of("noSuchAttribute")));
    Map<String, Object> r = raised(map(p.get("get")).get("noSuchAttribute"));
    assertRaisedType("AttributeError", r);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> name.get("noSuchAttribute"));
    assertTrue(e.getMessage().startsWith((String) r.get("str")), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> name.with("noSuchAttribute", "x"));
  }

  @Test
  void componentsAreRawStringBytes() throws Exception {
    X509Name name = NAMES.get("BMPString and long names");
    X509Name.Component cn = name.getComponents().get(1);
    assertEquals("CN", cn.name());
    assertArrayEquals("bmp €".getBytes(StandardCharsets.UTF_16BE), cn.value());
    // get() converts to UTF-8, getComponents() does not
    assertEquals("bmp €", name.get("CN"));
  }

  static Stream<Arguments> assignments() {
    return Stream.of(
        Arguments.of("typical", List.of(List.of("CN", "changed.example"))),
        Arguments.of("typical", List.of(List.of("commonName", "long name"))),
        Arguments.of("typical", List.of(List.of("L", "Berlin"), List.of("O", "New Org"))),
        Arguments.of("multi-valued RDN and repeated OU", List.of(List.of("OU", "Only Unit"))),
        Arguments.of("CN only", List.of(List.of("O", "Added Org"), List.of("C", "DE"))),
        Arguments.of("empty", List.of(List.of("CN", "first"))),
        Arguments.of("non-ASCII UTF-8", List.of(List.of("CN", "ça.example"))));
  }

  @ParameterizedTest
  @MethodSource("assignments")
  void withIsPyOpenSslsAttributeAssignment(String label, List<List<String>> changes)
      throws Exception {
    X509Name name = NAMES.get(label);
    byte[] before = name.der();
    X509Name changed = name;
    for (List<String> change : changes) {
      changed = changed.with(change.get(0), change.get(1));
    }
    Map<String, Object> p = pyName(name, changes);
    assertSameName(map(p.get("changed")), changed, label + " " + changes);
    assertArrayEquals(before, name.der(), "with() leaves the original unchanged");
    Map<String, Object> got = map(map(p.get("changed")).get("get"));
    for (String attribute : ATTRIBUTES) {
      assertEquals(ok(got.get(attribute)), changed.get(attribute), label + " ." + attribute);
    }
  }

  @Test
  void orderingAndEqualityAgreeWithPyOpenSsl() throws Exception {
    List<X509Name> all = new ArrayList<>(NAMES.values());
    all.add(X509Name.builder().add("CN", "localhost").build()); // equal to "CN only"
    all.add(X509Name.builder().add("CN", "LOCALHOST").build()); // canonically equal too
    all.add(X509Name.builder().add("CN", "localhost").add("O", "x").build());
    List<byte[]> certs = new ArrayList<>();
    for (X509Name n : all) {
      certs.add(certWith(n));
    }
    for (int i = 0; i < all.size(); i++) {
      for (int j = 0; j < all.size(); j++) {
        X509Name a = all.get(i);
        X509Name b = all.get(j);
        Map<String, Object> p = map(py.call("name_compare", "a", certs.get(i), "b", certs.get(j)));
        String where = a + " vs " + b;
        int c = a.compareTo(b);
        assertEquals(p.get("eq"), a.equals(b), where + " ==");
        assertEquals(p.get("lt"), c < 0, where + " <");
        assertEquals(p.get("gt"), c > 0, where + " >");
        assertEquals(c, -b.compareTo(a), where + " antisymmetric");
        assertEquals(c == 0, a.equals(b), where + " compareTo consistent with equals");
        if (a.equals(b)) {
          assertEquals(a.hashCode(), b.hashCode(), where + " hashCode");
        }
      }
    }
    assertNotEquals(NAMES.get("CN only"), "CN=localhost");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void rfc2253IsWhatOpensslPrints(String label) throws Exception {
    X509Name name = NAMES.get(label);
    String out =
        opensslOk(null, certWith(name), "x509", "-noout", "-subject", "-nameopt", "RFC2253");
    assertEquals(out.strip(), "subject=" + name.rfc2253(), label);
  }

  @Test
  void namesFromCertificatesAreCopies() throws Exception {
    X509 cert = X509.fromPem(certWith(NAMES.get("typical")));
    X509Name subject = cert.getSubject();
    X509Name changed = subject.with("CN", "other");
    assertEquals(NAMES.get("typical"), cert.getSubject());
    assertNotEquals(changed, cert.getSubject());
    subject.close();
    assertThrows(IllegalStateException.class, subject::oneline);
    assertEquals("issuer", cert.getIssuer().get("CN"));
  }
}
