package org.jossl.ssl;

import static org.jossl.ssl.PythonSsl.assertSameOutcome;
import static org.jossl.ssl.PythonSsl.attempt;
import static org.jossl.ssl.PythonSsl.list;
import static org.jossl.ssl.PythonSsl.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.GeneralName;
import org.jossl.crypto.X509;
import org.jossl.crypto.X509Name;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module-level names of {@link Ssl} against upstream CPython's {@code ssl} module on this
 * machine: {@code cert_time_to_seconds}, {@code DER_cert_to_PEM_cert} / {@code
 * PEM_cert_to_DER_cert}, the legacy {@code match_hostname} (with certificates jossl makes and
 * Python decodes), {@code get_protocol_name}, {@code get_default_verify_paths}, the OpenSSL version
 * constants, the {@code HAS_*} flags, {@code CHANNEL_BINDING_TYPES}, {@link Purpose} and every
 * member of the enums. One Python process answers everything.
 */
class SslModuleParityTest {
  @TempDir static Path dir;

  private static Map<String, Object> python;
  private static final List<String> CERT_TIMES = new ArrayList<>();
  private static final List<byte[]> DERS = new ArrayList<>();
  private static final List<String> PEMS = new ArrayList<>();
  private static final Map<String, String> CERTS = new LinkedHashMap<>();
  private static final List<String[]> MATCHES = new ArrayList<>();
  private static final List<Long> PROTOCOL_NUMBERS = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    CertificateAuthority ca = CertificateAuthority.builder().commonName("Module Parity CA").build();
    certTimes();
    byte[] der = ca.certificate().toDer();
    DERS.addAll(
        List.of(der, new byte[0], new byte[] {0, 1, 2}, new byte[48], new byte[49], new byte[47]));
    pems(ca.certificatePem());
    certificates(ca);
    hosts();
    for (long n = -1; n <= 20; n++) {
      PROTOCOL_NUMBERS.add(n);
    }

    Map<String, Object> job = new LinkedHashMap<>();
    job.put("cert_time_to_seconds", CERT_TIMES);
    job.put("der_to_pem", DERS);
    job.put("pem_to_der", PEMS);
    job.put("decode", new ArrayList<>(CERTS.values()));
    List<Object> matches = new ArrayList<>();
    for (String[] m : MATCHES) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("cert", m[0]);
      c.put("host", m[1]);
      matches.add(c);
    }
    job.put("match_hostname", matches);
    job.put("protocol_names", PROTOCOL_NUMBERS);
    python = PythonSsl.run(dir, job);
  }

  // ---- inputs

  private static void certTimes() {
    CERT_TIMES.addAll(
        List.of(
            "Jan  5 09:34:43 2018 GMT",
            "Jan 5 09:34:43 2018 GMT",
            "jan  5 09:34:43 2018 gmt",
            "JAN 05 09:34:43 2018 GMT",
            "May  9 00:00:00 2007 GMT",
            "Feb 29 00:00:00 2020 GMT",
            "Feb 30 00:00:00 2019 GMT",
            "Feb 31 12:00:00 2019 GMT",
            "Dec 31 23:59:59 9999 GMT",
            "Dec 31 23:59:60 1999 GMT",
            "Dec 31 23:59:61 1999 GMT",
            "Dec 31 23:59:62 1999 GMT",
            "Jan  1 00:00:00 1970 GMT",
            "Dec 31 23:59:59 1969 GMT",
            "Jan  1 00:00:00 0001 GMT",
            "Jan  1 00:00:00 0000 GMT",
            "Jan  5 9:4:3 2018 GMT",
            "Jan  5 24:00:00 2018 GMT",
            "Jan  5 23:60:00 2018 GMT",
            "Jan 32 09:34:43 2018 GMT",
            "Jan 00 09:34:43 2018 GMT",
            "Jan  0 09:34:43 2018 GMT",
            "Jan  5 09:34:43 2018 UTC",
            "Jan  5 09:34:43 18 GMT",
            "Jan  5 09:34:43 20180 GMT",
            "Jan  5 09:34 2018 GMT",
            "Jan  5 09:34:43 2018 GMT ",
            "Jan  5 09:34:43 2018 GMT\n",
            "Jan  5 09:34:43 2018 GMTx",
            "Jan\t5\t09:34:43\t2018\tGMT",
            "Jan5 09:34:43 2018 GMT",
            "Jan  5  09:34:43   2018  GMT",
            " Jan  5 09:34:43 2018 GMT",
            "Foo  5 09:34:43 2018 GMT",
            "January  5 09:34:43 2018 GMT",
            "",
            "Ja",
            "Jan",
            "Jan ",
            "Jan \u0665 09:34:43 2018 GMT",
            "Jan\u00a05 09:34:43 2018 GMT",
            "Jan\u001c5\u200309:34:43\u30002018\u0085GMT",
            "Jan\u200b5 09:34:43 2018 GMT",
            "Jan  5 09:34:43 \uff12\uff10\uff11\uff18 GMT",
            "Jan  5 09:34:43 2018 \u212amt",
            "It's 5 09:34:43 2018 GMT"));
  }

  private static void pems(String pem) {
    String body = pem.substring(Ssl.PEM_HEADER.length(), pem.indexOf(Ssl.PEM_FOOTER));
    String h = Ssl.PEM_HEADER;
    String f = Ssl.PEM_FOOTER;
    PEMS.addAll(
        List.of(
            pem,
            pem.strip(),
            pem + "\n\n  \t",
            pem.replace("\n", "\r\n"),
            "  " + pem,
            pem.replace(h, ""),
            pem.replace(f, ""),
            h + "\n" + f + "\n",
            h + f,
            h + "\nYQ==\n" + f,
            h + "\nYQ\n" + f,
            h + "\nYQ=\n" + f,
            h + "\nYWJj\n" + f,
            h + "\nYWJjZ\n" + f,
            h + "\nYQ==YQ==\n" + f,
            h + "\nY Q = = \n" + f,
            h + "\n=YQ==\n" + f,
            h + "\nYQ!!==\n" + f,
            h + "\nYW=Jj\n" + f,
            h + "\nYWJj\u00e9\n" + f,
            h + "\nYW\u00e9\u00e8Jj\n" + f,
            h + body.replace("\n", "") + f,
            h + body + f + "trailing",
            f + body + h,
            "-----BEGIN CERTIFICATE-----END CERTIFICATE-----",
            pem + "\u00a0\u0085\u2003",
            pem + "\u200b",
            ""));
  }

  private static void certificates(CertificateAuthority ca) throws Exception {
    cert("dns", ca.leaf("www.example.com", "example.com").build().certificate());
    cert("wildcard", ca.leaf("*.example.org").build().certificate());
    cert("ip", ca.leaf("127.0.0.1", "::1", "2001:db8::1").build().certificate());
    cert("ipv4-mapped", ca.leaf("::ffff:127.0.0.1").build().certificate());
    cert("cn only", ca.leaf().commonName("cn.example.net").build().certificate());
    cert("cn ip only", ca.leaf().commonName("127.0.0.1").build().certificate());
    cert("cn wildcard", ca.leaf().commonName("*.cn.example").build().certificate());
    cert(
        "two cns",
        ca.leaf()
            .subject(X509Name.builder().add("CN", "a.example").add("CN", "b.example").build())
            .build()
            .certificate());
    cert(
        "email san and cn",
        ca.leaf()
            .commonName("fallback.example")
            .altNames(GeneralName.email("a@b.example"), GeneralName.uri("https://u.example/"))
            .build()
            .certificate());
    cert("no names", ca.leaf().commonName(null).build().certificate());
    for (String bad : List.of("www.*.com", "*.*.example.com", "f*.example.com", "*", "*.")) {
      cert(
          "bad wildcard " + bad,
          ca.leaf()
              .commonName(null)
              .altNames(GeneralName.dns(bad), GeneralName.dns("ok.example"))
              .build()
              .certificate());
    }
    cert(
        "idna",
        ca.leaf("xn--bcher-kva.example").commonName("b\u00fccher.example").build().certificate());
    cert(
        "odd names",
        ca.leaf()
            .commonName("it's.example")
            .altNames(
                GeneralName.dns("WWW.Example.COM"),
                GeneralName.dns("example.com."),
                GeneralName.dnsBytes(new byte[0]),
                GeneralName.dns("127.0.0.1"),
                GeneralName.dns("it's.example"))
            .build()
            .certificate());
    cert(
        "invalid ip",
        ca.leaf()
            .commonName(null)
            .altNames(GeneralName.dns("x.example"), GeneralName.ipBytes(new byte[] {1, 2, 3, 4, 5}))
            .build()
            .certificate());
  }

  private static void cert(String name, X509 certificate) throws Exception {
    Path file = dir.resolve(name.replaceAll("[^a-z0-9]+", "_") + CERTS.size() + ".pem");
    Files.writeString(file, certificate.toPem(), StandardCharsets.US_ASCII);
    CERTS.put(name, file.toString());
  }

  private static void hosts() {
    List<String> hosts =
        List.of(
            "www.example.com",
            "WWW.EXAMPLE.COM",
            "example.com",
            "example.com.",
            "sub.www.example.com",
            "a.example.org",
            "example.org",
            "a.b.example.org",
            ".example.org",
            "cn.example.net",
            "x.cn.example",
            "cn.example",
            "a.example",
            "b.example",
            "fallback.example",
            "ok.example",
            "x.example",
            "a.",
            "xn--bcher-kva.example",
            "XN--BCHER-KVA.example",
            "b\u00fccher.example",
            "it's.example",
            "",
            "127.0.0.1",
            "127.1",
            "127.0.0.1 ",
            "127.0.0.1 junk",
            "127.0.0.1\u0000",
            "0x7f.0.0.1",
            "127.000.000.001",
            "1.2.3.4.5",
            "256.1.1.1",
            "::1",
            "0:0:0:0:0:0:0:1",
            "::0001",
            "2001:db8::1",
            "2001:DB8::1",
            "2001:db8:0:0:0:0:0:1",
            "::ffff:127.0.0.1",
            "::ffff:7f00:1",
            "::",
            "1:2:3:4:5:6:7::",
            ":1::2",
            "1::2::3",
            "1:2:3:4:5:6:7:8:9",
            "::1.2.3.4",
            "::1.2.3.04",
            "fe80::1%eth0",
            "[::1]");
    MATCHES.add(new String[] {null, "example.com"});
    MATCHES.add(new String[] {"{}", "example.com"});
    for (String cert : CERTS.values()) {
      for (String host : hosts) {
        MATCHES.add(new String[] {cert, host});
      }
    }
  }

  // ---- functions

  @Test
  void certTimeToSeconds() {
    List<Object> answers = list(python.get("cert_time_to_seconds"));
    for (int i = 0; i < CERT_TIMES.size(); i++) {
      String t = CERT_TIMES.get(i);
      assertSameOutcome(
          "cert_time_to_seconds(" + SslException.pyRepr(t) + ")",
          answers.get(i),
          attempt(() -> Ssl.certTimeToSeconds(t)),
          null);
    }
  }

  @Test
  void derCertToPemCert() {
    List<Object> answers = list(python.get("der_to_pem"));
    for (int i = 0; i < DERS.size(); i++) {
      byte[] der = DERS.get(i);
      assertSameOutcome(
          "DER_cert_to_PEM_cert(" + der.length + " bytes)",
          answers.get(i),
          attempt(() -> Ssl.derCertToPemCert(der)),
          null);
    }
  }

  @Test
  void pemCertToDerCert() {
    List<Object> answers = list(python.get("pem_to_der"));
    for (int i = 0; i < PEMS.size(); i++) {
      String pem = PEMS.get(i);
      assertSameOutcome(
          "PEM_cert_to_DER_cert(" + SslException.pyRepr(pem) + ")",
          answers.get(i),
          attempt(() -> Ssl.pemCertToDerCert(pem)),
          null);
    }
  }

  @Test
  void pemAndDerRoundTrip() throws Exception {
    byte[] der = DERS.getFirst();
    assertTrue(Arrays.equals(der, Ssl.pemCertToDerCert(Ssl.derCertToPemCert(der))));
    assertEquals(
        Base64.getEncoder().encodeToString(der),
        Base64.getEncoder().encodeToString(X509.fromPem(Ssl.derCertToPemCert(der)).toDer()));
  }

  @Test
  void decodedCertificatesAreTheSame() throws Exception {
    // match_hostname's inputs: jossl's decoding of each certificate is Python's
    List<Object> answers = list(python.get("decode"));
    int i = 0;
    for (Map.Entry<String, String> c : CERTS.entrySet()) {
      X509 x = X509.fromPem(Files.readString(Path.of(c.getValue())));
      assertSameOutcome(
          "decode " + c.getKey(), answers.get(i++), attempt(() -> x.decode().toJson()), null);
    }
  }

  @Test
  void matchHostname() throws Exception {
    List<Object> answers = list(python.get("match_hostname"));
    Map<String, DecodedCertificate> decoded = new LinkedHashMap<>();
    for (String file : CERTS.values()) {
      decoded.put(file, X509.fromPem(Files.readString(Path.of(file))).decode());
    }
    decoded.put("{}", DecodedCertificate.empty());
    int matched = 0;
    int refused = 0;
    for (int i = 0; i < MATCHES.size(); i++) {
      String[] m = MATCHES.get(i);
      DecodedCertificate cert = m[0] == null ? null : decoded.get(m[0]);
      String label = m[0] == null ? "None" : m[0].equals("{}") ? "{}" : label(m[0]);
      assertSameOutcome(
          "match_hostname(" + label + ", " + SslException.pyRepr(m[1]) + ")",
          answers.get(i),
          attempt(
              () -> {
                Ssl.matchHostname(cert, m[1]);
                return null;
              }),
          null);
      if (map(answers.get(i)).containsKey("ok")) {
        matched++;
      } else {
        refused++;
      }
    }
    assertTrue(matched > 20, "matches: " + matched);
    assertTrue(refused > 100, "refusals: " + refused);
  }

  private static String label(String file) {
    for (Map.Entry<String, String> e : CERTS.entrySet()) {
      if (e.getValue().equals(file)) {
        return "<" + e.getKey() + ">";
      }
    }
    return file;
  }

  @Test
  void protocolNames() {
    List<Object> answers = list(python.get("protocol_names"));
    for (int i = 0; i < PROTOCOL_NUMBERS.size(); i++) {
      long n = PROTOCOL_NUMBERS.get(i);
      assertEquals(answers.get(i), Ssl.getProtocolName((int) n), "get_protocol_name(" + n + ")");
    }
  }

  // ---- constants

  private static Map<String, Object> module() {
    return map(python.get("module"));
  }

  @Test
  void openSslVersion() {
    Map<String, Object> m = module();
    assertEquals(m.get("OPENSSL_VERSION"), Ssl.openSslVersion());
    assertEquals(
        ((Number) m.get("OPENSSL_VERSION_NUMBER")).longValue(), Ssl.openSslVersionNumber());
    assertEquals(
        PythonSsl.json(m.get("OPENSSL_VERSION_INFO")),
        PythonSsl.json(Ssl.openSslVersionInfo().asList()));
  }

  @Test
  void hasFlags() throws Exception {
    Map<String, Object> has = map(module().get("HAS"));
    assertFalse(has.isEmpty());
    for (Map.Entry<String, Object> e : has.entrySet()) {
      Field f;
      try {
        f = Ssl.class.getField(e.getKey());
      } catch (NoSuchFieldException missing) {
        throw new AssertionError(
            "Python has ssl." + e.getKey() + ", jossl has no Ssl." + e.getKey());
      }
      assertEquals(e.getValue(), f.get(null), "ssl." + e.getKey());
    }
  }

  @Test
  void moduleStrings() {
    Map<String, Object> m = module();
    assertEquals(m.get("CHANNEL_BINDING_TYPES"), Ssl.CHANNEL_BINDING_TYPES);
    assertEquals(m.get("PEM_HEADER"), Ssl.PEM_HEADER);
    assertEquals(m.get("PEM_FOOTER"), Ssl.PEM_FOOTER);
  }

  @Test
  void defaultVerifyPaths() {
    List<Object> py = list(module().get("default_verify_paths"));
    Ssl.DefaultVerifyPaths j = Ssl.getDefaultVerifyPaths();
    assertEquals(
        py,
        Arrays.asList(
            j.cafile(),
            j.capath(),
            j.opensslCafileEnv(),
            j.opensslCafile(),
            j.opensslCapathEnv(),
            j.opensslCapath()));
  }

  @Test
  void purposes() {
    Map<String, Object> py = map(module().get("Purpose"));
    assertEquals(py.keySet(), javaNames(Purpose.values()));
    for (Purpose p : Purpose.values()) {
      assertEquals(
          py.get(p.name()),
          List.of((long) p.nid(), p.shortName(), p.longName(), p.oid()),
          "Purpose." + p.name());
    }
  }

  private static java.util.Set<String> javaNames(Enum<?>[] values) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (Enum<?> e : values) {
      out.add(e.name());
    }
    return out;
  }

  @Test
  void enumsHavePythonsMembersAndValues() throws Exception {
    Map<String, Object> enums = map(module().get("enums"));
    List<String> extras = new ArrayList<>();
    compareMembers("Options", map(enums.get("Options")), longFields(Options.class), extras);
    compareMembers(
        "VerifyFlags", map(enums.get("VerifyFlags")), longFields(VerifyFlags.class), extras);
    compareMembers(
        "VerifyMode", map(enums.get("VerifyMode")), enumMembers(VerifyMode.class), extras);
    compareMembers(
        "TLSVersion", map(enums.get("TLSVersion")), enumMembers(TlsVersion.class), extras);
    compareMembers(
        "AlertDescription",
        map(enums.get("AlertDescription")),
        enumMembers(AlertDescription.class),
        extras);
    compareMembers(
        "SSLErrorNumber",
        map(enums.get("SSLErrorNumber")),
        enumMembers(SslErrorNumber.class),
        extras);
    compareMembers(
        "_SSLMethod", map(enums.get("_SSLMethod")), enumMembers(SslMethod.class), extras);
    // members that newer Pythons added (jossl follows the newest) cannot be checked here
    System.out.println("jossl members that this Python does not have: " + extras);
  }

  private static void compareMembers(
      String name, Map<String, Object> py, Map<String, Long> java, List<String> extras) {
    assertFalse(py.isEmpty(), name);
    for (Map.Entry<String, Object> e : py.entrySet()) {
      assertNotNull(java.get(e.getKey()), name + "." + e.getKey() + " is missing in jossl");
      assertEquals(
          ((Number) e.getValue()).longValue(),
          java.get(e.getKey()),
          name + "." + e.getKey() + "'s value");
    }
    for (String j : java.keySet()) {
      if (!py.containsKey(j)) {
        extras.add(name + "." + j);
      }
    }
  }

  /** The public static long constants of a constants class. */
  private static Map<String, Long> longFields(Class<?> c) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (Field f : c.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == long.class) {
        out.put(f.getName(), f.getLong(null));
      }
    }
    return out;
  }

  /** An enum's members (and public static aliases of its own type) with their {@code value()}. */
  private static <E extends Enum<E>> Map<String, Long> enumMembers(Class<E> c) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    var value = c.getMethod("value");
    for (Field f : c.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == c) {
        out.put(f.getName(), ((Number) value.invoke(f.get(null))).longValue());
      }
    }
    return out;
  }
}
