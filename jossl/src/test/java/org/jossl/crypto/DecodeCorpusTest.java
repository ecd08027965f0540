package org.jossl.crypto;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.ffi.Constants;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link X509#decode()} against upstream CPython's own decoder ({@code ssl._ssl._test_decode_cert})
 * for a corpus of ordinary, unusual and hostile certificates: every entry is written as PEM,
 * decoded by one Python process, and Python's {@code json.dumps} line must equal jossl's {@link
 * DecodedCertificate#toJson()} (or, where Python raises, the exception type and message) character
 * for character.
 *
 * <p>Most certificates come from jossl's builders; what they cannot express (odd versions, raw time
 * strings, unsorted multi-valued RDNs) is written as DER by {@link #rawCertificate}. Python is the
 * oracle: nothing here states what the output should be.
 */
class DecodeCorpusTest {
  private static final Instant FROM = Instant.parse("2024-03-05T09:03:07Z");
  private static final Instant TO = Instant.parse("2034-11-25T23:59:59Z");
  private static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";

  @TempDir Path dir;

  private final Map<String, byte[]> corpus = new LinkedHashMap<>();
  private PKey key;

  @TestFactory
  Stream<DynamicTest> decodeMatchesPython() throws Exception {
    key = KeyType.EC_P256.generate();
    keyTypes();
    names();
    strings();
    serials();
    dates();
    versions();
    subjectAltNames();
    authorityInfoAccess();
    crlDistributionPoints();

    List<String> paths = new ArrayList<>();
    List<String> names = new ArrayList<>(corpus.keySet());
    for (int i = 0; i < names.size(); i++) {
      Path file = dir.resolve(String.format("%03d.pem", i));
      Files.write(file, corpus.get(names.get(i)));
      paths.add(file.toString());
    }
    Peers.Result python = Peers.python("decode_cert.py", paths.toArray(String[]::new));
    List<String> lines = python.stdout().lines().toList();
    assertEquals(names.size(), lines.size(), "one line per certificate:\n" + python.stderr());

    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String expected = lines.get(i);
      byte[] pem = corpus.get(names.get(i));
      tests.add(
          DynamicTest.dynamicTest(
              String.format("%03d %s", i, names.get(i)), () -> compare(expected, pem)));
    }
    return tests.stream();
  }

  /** jossl's answer for the PEM file Python decoded, compared with Python's line. */
  private static void compare(String python, byte[] pem) throws CryptoException {
    X509 cert;
    try {
      cert = X509.fromPem(pem);
    } catch (CryptoException e) {
      // OpenSSL cannot load it (e.g. a name string it cannot canonicalize): then neither can
      // _test_decode_cert, which raises SSLError before decoding anything.
      assertTrue(
          python.startsWith("{\"error\": {\"type\": \"SSLError\""),
          "jossl could not load the certificate (" + e.getMessage() + ") but Python: " + python);
      return;
    }
    String jossl;
    try (cert) {
      jossl = cert.decode().toJson();
    } catch (CertificateDecodeException e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("type", e.pythonType());
      error.put("message", e.getMessage());
      jossl = PythonJson.dumps(Map.of("error", error));
    }
    assertEquals(python, jossl);
    assertEquals(List.of(), ErrorQueue.drain(), "errors left on OpenSSL's queue");
  }

  // ---------------------------------------------------------------- corpus helpers

  private void add(String name, X509 cert) throws CryptoException {
    add(name, cert.toPem().getBytes(US_ASCII));
  }

  private void add(String name, byte[] pem) {
    if (corpus.putIfAbsent(name, pem) != null) {
      throw new IllegalStateException("duplicate corpus name " + name);
    }
  }

  private void addDer(String name, byte[] der) {
    add(name, pem(der));
  }

  private static byte[] pem(byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n")
        .getBytes(US_ASCII);
  }

  /** A self-signed certificate with fixed dates and serial, before extensions. */
  private X509Builder base(X509Name subject) {
    return X509.builder()
        .subject(subject)
        .publicKey(key)
        .serialNumber(0x1234)
        .notBefore(FROM)
        .notAfter(TO);
  }

  private X509Builder base() throws CryptoException {
    return base(name("CN", "corpus.example"));
  }

  /** A name of one-attribute RDNs from (field, value) pairs. */
  private static X509Name name(String... pairs) throws CryptoException {
    X509Name.Builder b = X509Name.builder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.add(pairs[i], pairs[i + 1]);
    }
    return b.build();
  }

  /** A name with one raw-typed entry after a common name. */
  private static X509Name rawValue(String field, int asn1Type, byte[] content)
      throws CryptoException {
    return X509Name.builder().add("CN", "raw").addRaw(field, asn1Type, content).build();
  }

  private void subject(String label, X509Name subject) throws CryptoException {
    add(label, base(subject).sign(key));
  }

  private void sans(String label, GeneralName... names) throws CryptoException {
    add(label, base().subjectAltNames(names).sign(key));
  }

  private void extension(String label, String oid, byte[] der) throws CryptoException {
    add(label, base().addExtension(oid, false, der).sign(key));
  }

  private static String repeat(String s, int n) {
    return s.repeat(n);
  }

  private static byte[] bytes(String s, Charset charset) {
    return s.getBytes(charset);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** A dotted OID under a private arc with {@code arcs} further arcs of {@code arc}. */
  private static String longOid(String arc, int arcs) {
    return "1.3.6.1.4.1.55555" + repeat("." + arc, arcs);
  }

  /** A dotted OID of exactly {@code length} characters. */
  private static String oidOfLength(int length) {
    StringBuilder b = new StringBuilder("1.3.6.1.4.1.55555");
    while (length - b.length() > 8) {
      b.append(".127");
    }
    int rest = length - b.length();
    b.append('.').append("1".repeat(rest - 1));
    if (b.length() != length) {
      throw new IllegalStateException("OID length " + b.length());
    }
    return b.toString();
  }

  private static byte[] attribute(String oid, int tag, byte[] value) {
    return Der.sequence(Der.oid(oid), Der.tlv(tag, value));
  }

  private static byte[] rdn(byte[]... attributes) {
    return Der.tlv(0x31, attributes);
  }

  private static byte[] utcTime(String text) {
    return Der.tlv(0x17, text.getBytes(US_ASCII));
  }

  private static byte[] generalizedTime(String text) {
    return Der.tlv(0x18, text.getBytes(US_ASCII));
  }

  /**
   * A certificate without extensions written field by field, for what the builders refuse or
   * normalize; issuer = subject. The signature is junk: decoding never verifies it.
   *
   * @param version the version INTEGER's DER, or null to leave it out (v1)
   */
  private byte[] rawCertificateWith(
      byte[] version, byte[] serial, byte[] notBefore, byte[] notAfter, byte[] subject)
      throws CryptoException {
    List<byte[]> tbs = new ArrayList<>();
    if (version != null) {
      tbs.add(Der.tlv(0xa0, version));
    }
    tbs.add(serial);
    tbs.add(Der.sequence(Der.oid(ECDSA_SHA256)));
    tbs.add(subject);
    tbs.add(Der.sequence(notBefore, notAfter));
    tbs.add(subject);
    tbs.add(key.toPublicDer());
    return Der.sequence(
        Der.sequence(tbs.toArray(byte[][]::new)),
        Der.sequence(Der.oid(ECDSA_SHA256)),
        Der.tlv(Der.BIT_STRING, new byte[] {0, 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}));
  }

  private byte[] rawCertificate(byte[] version, byte[] serial) throws CryptoException {
    return rawCertificateWith(
        version,
        serial,
        utcTime("240305090307Z"),
        utcTime("341125235959Z"),
        name("CN", "raw.example").der());
  }

  private static byte[] integer(long v) {
    return Der.integer(BigInteger.valueOf(v));
  }

  // ---------------------------------------------------------------- the corpus

  /** Ordinary PKI output for every key type: roots, leaves, an intermediate with CRL and AIA. */
  private void keyTypes() throws CryptoException {
    for (KeyType type : KeyType.values()) {
      CertificateAuthority root =
          CertificateAuthority.builder().keyType(type).commonName("Root " + type).build();
      add("root " + type, root.certificate());
      add(
          "leaf " + type,
          root.leaf("localhost", "127.0.0.1", "::1", "admin@example.com")
              .keyType(type)
              .build()
              .certificate());
    }
    CertificateAuthority root =
        CertificateAuthority.builder()
            .organization("Ünïcödé Org")
            .build()
            .crlDistributionPoint("http://crl.example.com/root.crl");
    CertificateAuthority intermediate = root.intermediate("Test Intermediate CA");
    intermediate.crlDistributionPoint("http://crl.example.com/int.crl");
    add("intermediate with CRL DP", intermediate.certificate());
    add(
        "leaf with AIA and CRL DP",
        intermediate
            .leaf("www.example.com", "*.example.com")
            .authorityInfoAccess(
                List.of("http://ocsp.example.com/"), List.of("http://ca.example.com/int.crt"))
            .build()
            .certificate());
    add("expired leaf", intermediate.leaf("old.example").expired().build().certificate());
    add("leaf without names", intermediate.leaf().purposes().build().certificate());
  }

  private void names() throws CryptoException {
    subject(
        "every common attribute",
        name(
            "C",
            "US",
            "ST",
            "California",
            "L",
            "San Francisco",
            "street",
            "1 Main St",
            "postalCode",
            "94105",
            "O",
            "Example Org",
            "OU",
            "Unit A",
            "CN",
            "localhost",
            "emailAddress",
            "hostmaster@example.com",
            "serialNumber",
            "12345",
            "businessCategory",
            "Private Organization",
            "jurisdictionC",
            "US",
            "jurisdictionST",
            "Delaware",
            "jurisdictionL",
            "Wilmington",
            "DC",
            "example",
            "DC",
            "com",
            "UID",
            "jdoe",
            "title",
            "Dr",
            "GN",
            "Jane",
            "SN",
            "Doe",
            "initials",
            "J",
            "pseudonym",
            "jd",
            "generationQualifier",
            "III",
            "dnQualifier",
            "q1",
            "description",
            "a description",
            "name",
            "Jane Doe",
            "organizationIdentifier",
            "VATDE-123456789"));
    subject(
        "multi-valued RDNs",
        X509Name.builder()
            .add("C", "US")
            .add("OU", "Unit A")
            .addToPreviousRdn("OU", "Unit B")
            .addToPreviousRdn("O", "Org")
            .add("CN", "multi")
            .addToPreviousRdn("UID", "42")
            .build());
    subject("empty subject", X509Name.builder().build());
    subject("unknown OIDs", name("1.2.3.4.5.6", "first", "2.999.1", "second", "CN", "x"));
    subject("OID text over 256 chars", name(longOid("1234567", 40), "long", "CN", "x"));
    subject("OID text over 2048 chars", name(longOid("127", 560), "longer"));
    // Python's first OBJ_obj2txt buffer holds 255 characters
    subject(
        "OID text of 255, 256 and 257 chars",
        name(oidOfLength(255), "a", oidOfLength(256), "b", oidOfLength(257), "c"));
    subject("OID encoding over 586 bytes", name(longOid("127", 590), "too long"));
    subject("NUL inside CN", X509Name.builder().addRaw("CN", 12, bytes("a\0b.com", UTF_8)).build());
    subject(
        "huge CN", X509Name.builder().addRaw("CN", 12, bytes(repeat("a", 5000), UTF_8)).build());
    subject(
        "huge non-ASCII CN",
        X509Name.builder().addRaw("CN", 12, bytes(repeat("Ü€😀", 1200), UTF_8)).build());
    subject("non-ASCII UTF-8", name("O", "Ünïcödé Örg", "CN", "日本語.example", "L", "😀"));
    subject("control characters", name("CN", "tab\there\nnewline\r\"quote\" \\ \u007f"));
    add(
        "issuer differs from subject",
        base(name("CN", "subject")).issuer(name("O", "Other", "CN", "issuer")).sign(key));
    addDer(
        "unsorted multi-valued RDN",
        rawCertificateWith(
            integer(2),
            integer(7),
            utcTime("240305090307Z"),
            utcTime("341125235959Z"),
            Der.sequence(
                rdn(
                    attribute("2.5.4.11", 0x0c, bytes("zzz", UTF_8)),
                    attribute("2.5.4.3", 0x0c, bytes("aaa", UTF_8)),
                    attribute("2.5.4.10", 0x13, bytes("mmm", US_ASCII))),
                rdn(attribute("2.5.4.3", 0x0c, bytes("next", UTF_8))))));
    addDer(
        "empty RDN",
        rawCertificateWith(
            integer(2),
            integer(7),
            utcTime("240305090307Z"),
            utcTime("341125235959Z"),
            Der.sequence(rdn(), rdn(attribute("2.5.4.3", 0x0c, bytes("x", UTF_8))))));
  }

  private void strings() throws CryptoException {
    // types OpenSSL converts: built with the name builder
    subject(
        "BMPString with NUL", rawValue("CN", Constants.V_ASN1_BMPSTRING, bytes("a\0b", UTF_16BE)));
    subject("BMPString", rawValue("O", Constants.V_ASN1_BMPSTRING, bytes("Ünïcödé €", UTF_16BE)));
    subject(
        "UniversalString",
        rawValue(
            "O", Constants.V_ASN1_UNIVERSALSTRING, bytes("Ü😀z", Charset.forName("UTF-32BE"))));
    subject(
        "T61String latin-1",
        rawValue("O", Constants.V_ASN1_T61STRING, bytes("Caf\u00e9 \u00ff", ISO_8859_1)));
    subject(
        "IA5String high bytes",
        rawValue("emailAddress", Constants.V_ASN1_IA5STRING, new byte[] {'a', (byte) 0xe9, '@'}));
    subject(
        "NumericString",
        rawValue("2.5.4.5", Constants.V_ASN1_NUMERICSTRING, bytes("12 34", US_ASCII)));
    subject(
        "PrintableString with invalid characters",
        rawValue("O", Constants.V_ASN1_PRINTABLESTRING, bytes("a*b@c_d", US_ASCII)));
    subject(
        "BIT STRING x500UniqueIdentifier",
        rawValue(
            "2.5.4.45", Constants.V_ASN1_BIT_STRING, new byte[] {(byte) 0xca, (byte) 0xfe, 0}));
    // values OpenSSL cannot convert to UTF-8 (X509_sign refuses to encode such a name, so they
    // are written as DER): OpenSSL's name canonicalization makes most of them unloadable
    hostileValue("BMPString surrogate pair", 0x1e, bytes("x😀y", UTF_16BE));
    hostileValue("BMPString lone surrogate", 0x1e, new byte[] {0, 'a', (byte) 0xd8, 0});
    hostileValue("BMPString odd length", 0x1e, new byte[] {0, 'a', 0});
    hostileValue("UniversalString bad length", 0x1c, new byte[] {0, 0, 0, 'a', 0, 0});
    hostileValue("UniversalString beyond U+10FFFF", 0x1c, new byte[] {0, 0x11, 0, 0});
    hostileValue("UTF8String invalid UTF-8", 0x0c, new byte[] {'a', (byte) 0xc3, 'b'});
    hostileValue(
        "UTF8String encoded surrogate", 0x0c, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
    hostileValue("UTF8String overlong NUL", 0x0c, new byte[] {'a', (byte) 0xc0, (byte) 0x80});
    hostileValue("VisibleString", 0x1a, bytes("Visible~", US_ASCII));
    hostileValue("UTCTime name value", 0x17, bytes("240305090307Z", US_ASCII));
    hostileValue("ObjectDescriptor name value", 0x07, bytes("descriptor", US_ASCII));
    hostileValue("GeneralString name value", 0x1b, bytes("general", US_ASCII));
    hostileValue("OCTET STRING name value", 0x04, bytes("octets", US_ASCII));
    addDer(
        "SEQUENCE name value",
        rawCertificateWith(
            integer(2),
            integer(7),
            utcTime("240305090307Z"),
            utcTime("341125235959Z"),
            Der.sequence(
                rdn(
                    Der.sequence(
                        Der.oid("2.5.4.16"), Der.sequence(Der.tlv(0x0c, bytes("x", UTF_8))))))));
  }

  /** A raw certificate whose subject is CN=raw plus one O attribute of this tag and content. */
  private void hostileValue(String label, int tag, byte[] content) throws CryptoException {
    addDer(
        label,
        rawCertificateWith(
            integer(2),
            integer(7),
            utcTime("240305090307Z"),
            utcTime("341125235959Z"),
            rawName(tag, content)));
  }

  private static byte[] rawName(int tag, byte[] content) {
    return Der.sequence(
        rdn(attribute("2.5.4.3", 0x0c, bytes("raw", UTF_8))),
        rdn(attribute("2.5.4.10", tag, content)));
  }

  private void serials() throws CryptoException {
    long[] small = {0, 1, -1, 0x7f, 0x80, 0xff, -0x80, -0x81, 0xF00DCAFEL};
    for (long s : small) {
      add("serial " + s, base().serialNumber(BigInteger.valueOf(s)).sign(key));
    }
    add(
        "serial 20 bytes",
        base().serialNumber(BigInteger.ONE.shiftLeft(159).add(BigInteger.valueOf(77))).sign(key));
    add("serial 35 bytes", base().serialNumber(BigInteger.ONE.shiftLeft(8 * 35 - 2)).sign(key));
    add("serial 36 bytes", base().serialNumber(BigInteger.ONE.shiftLeft(8 * 36 - 2)).sign(key));
    add(
        "serial 40 bytes negative",
        base().serialNumber(BigInteger.ONE.shiftLeft(319).negate()).sign(key));
    add("serial 1100 bytes", base().serialNumber(BigInteger.ONE.shiftLeft(8 * 1100 - 1)).sign(key));
    // not minimal DER: OpenSSL 3.0 refuses to load these, so both sides must fail to load them
    addDer(
        "serial with padding", rawCertificate(integer(2), Der.tlv(Der.INTEGER, new byte[] {0, 1})));
    addDer("serial empty", rawCertificate(integer(2), Der.tlv(Der.INTEGER, new byte[0])));
  }

  private void dates() throws CryptoException {
    add(
        "1-digit days, UTCTime",
        base()
            .notBefore(Instant.parse("2001-02-03T04:05:06Z"))
            .notAfter(Instant.parse("2049-12-31T23:59:59Z"))
            .sign(key));
    add(
        "GeneralizedTime before 1950 and after 2049",
        base()
            .notBefore(Instant.parse("1949-12-31T23:59:59Z"))
            .notAfter(Instant.parse("2050-01-01T00:00:00Z"))
            .sign(key));
    add(
        "years 1 and 9999",
        base()
            .notBefore(Instant.parse("0001-01-01T00:00:00Z"))
            .notAfter(Instant.parse("9999-12-31T23:59:59Z"))
            .sign(key));
    String[][] raw = {
      {"GeneralizedTime fraction", "g20240305090307.123Z", "g20340102030405.5Z"},
      {"GeneralizedTime in UTCTime years", "g20240305090307Z", "u341125235959Z"},
      {"UTCTime with offset", "u240305090307+0130", "u341125235959-0800"},
      {"UTCTime without seconds", "u2403050903Z", "u3411252359Z"},
      {"garbage times", "uhello world!", "g"},
      {"invalid month and day", "u241305090307Z", "u240231235959Z"},
      {"leap second", "u161231235960Z", "g20161231235960Z"},
      {"without Z", "u240305090307", "g20340102030405"},
      {"GeneralizedTime with offset", "g20240305090307+0530", "g20340102030405.25-0100"},
      {"empty", "u", "g"},
    };
    for (String[] r : raw) {
      addDer(
          "time " + r[0],
          rawCertificateWith(
              integer(2), integer(9), time(r[1]), time(r[2]), name("CN", "time.example").der()));
    }
  }

  private static byte[] time(String spec) {
    String text = spec.substring(1);
    return spec.charAt(0) == 'u' ? utcTime(text) : generalizedTime(text);
  }

  private void versions() throws CryptoException {
    add("v1 without extensions", base().version(0).sign(key));
    add("v2", base().version(1).sign(key));
    add("v3 without extensions", base().sign(key));
    add(
        "v1 with extensions",
        base().version(0).subjectAltNames(GeneralName.dns("v1.example")).sign(key));
    addDer("version 4", rawCertificate(integer(3), integer(5)));
    addDer("version -1", rawCertificate(integer(-1), integer(5)));
    addDer("version 2^31", rawCertificate(integer(1L << 31), integer(5)));
    addDer("version 2^64", rawCertificate(Der.integer(BigInteger.ONE.shiftLeft(64)), integer(5)));
    addDer("explicit version 1", rawCertificate(integer(0), integer(5)));
  }

  private void subjectAltNames() throws CryptoException {
    sans(
        "SAN of every builder type",
        GeneralName.dns("localhost"),
        GeneralName.dns("*.example.com"),
        GeneralName.ip("127.0.0.1"),
        GeneralName.ip("::1"),
        GeneralName.ip("2001:db8::ff00:42:8329"),
        GeneralName.ip("255.255.255.255"),
        GeneralName.email("admin@example.com"),
        GeneralName.uri("https://example.com/path?q=1#f"),
        GeneralName.dirName(name("C", "DE", "O", "Dir Org", "CN", "Dir Name CN")),
        GeneralName.upn("upn@example.com"),
        GeneralName.registeredId("1.2.3.4.5"),
        GeneralName.registeredId("2.5.29.17"));
    sans("SAN IP lengths", ipBytes(5), ipBytes(0), ipBytes(8), ipBytes(32), ipBytes(15));
    sans("SAN DNS with NUL", GeneralName.dnsBytes(bytes("good.example\0.evil.example", UTF_8)));
    sans(
        "SAN DNS latin-1",
        GeneralName.dns("ok.example"),
        GeneralName.dnsBytes(bytes("caf\u00e9.example", ISO_8859_1)));
    sans("SAN DNS UTF-8", GeneralName.dns("bücher.example"), GeneralName.dns("😀.example"));
    sans("SAN DNS empty", GeneralName.dns(""));
    sans("SAN DNS huge", GeneralName.dns(repeat("a", 9000) + ".example"));
    sans(
        "SAN email and URI with odd bytes",
        GeneralName.email("\"quoted\\\"\"@example.com"),
        GeneralName.uriBytes(new byte[] {'h', ':', (byte) 0xff}));
    sans(
        "SAN DirName with multi-valued RDN",
        GeneralName.dirName(
            X509Name.builder().add("OU", "A").addToPreviousRdn("OU", "B").add("CN", "d").build()));
    sans("SAN DirName empty", GeneralName.dirName(X509Name.builder().build()));
    sans(
        "SAN DirName with a value OpenSSL cannot convert",
        GeneralName.dns("first.example"),
        GeneralName.raw(Der.tlv(0xa4, rawName(0x07, bytes("descriptor", US_ASCII)))));
    sans(
        "SAN DirName with an OID over 586 bytes",
        GeneralName.raw(
            Der.tlv(
                0xa4, Der.sequence(rdn(attribute(longOid("127", 590), 0x0c, bytes("x", UTF_8)))))));
    sans(
        "SAN DirName with BMPString",
        GeneralName.dirName(rawValue("O", Constants.V_ASN1_BMPSTRING, bytes("Bmp €", UTF_16BE))));
    sans(
        "SAN DirName with invalid UTF8String",
        GeneralName.raw(Der.tlv(0xa4, rawName(0x0c, new byte[] {(byte) 0xff, (byte) 0xfe}))));
    sans(
        "SAN DirName with BIT STRING",
        GeneralName.dirName(
            rawValue("2.5.4.45", Constants.V_ASN1_BIT_STRING, new byte[] {1, 2, 3})));
    sans(
        "SAN registered IDs",
        GeneralName.registeredId("1.3.6.1.5.5.7.3.1"),
        GeneralName.registeredId("2.999"),
        GeneralName.registeredId(longOid("1234567", 40)),
        GeneralName.registeredId(longOid("127", 560)));
    sans("SAN registered ID text over 2048 chars", GeneralName.registeredId(longOid("127", 520)));
    // i2t_ASN1_OBJECT into Python's 2047-byte buffer: 2046 characters fit, 2047 are cut
    sans(
        "SAN registered IDs at the buffer size",
        GeneralName.registeredId(oidOfLength(2045)),
        GeneralName.registeredId(oidOfLength(2046)),
        GeneralName.registeredId(oidOfLength(2047)),
        GeneralName.registeredId(oidOfLength(2048)));
    sans(
        "SAN registered ID encoding over 586 bytes", GeneralName.registeredId(longOid("127", 590)));
    byte[] utf8 = bytes("value", UTF_8);
    sans(
        "SAN other names",
        GeneralName.upn("upn@example.com"),
        GeneralName.upn("üñí@example.com"),
        GeneralName.upn("colon:inside"),
        GeneralName.otherName("1.2.3.4.5", Der.tlv(0x0c, utf8)),
        GeneralName.otherName("1.3.6.1.4.1.311.20.2.3", Der.tlv(0x16, utf8)),
        GeneralName.otherName("1.3.6.1.4.1.311.20.2.3", integer(5)),
        GeneralName.otherName("1.3.6.1.5.5.7.8.9", Der.tlv(0x0c, bytes("smtp@üñí.example", UTF_8))),
        GeneralName.otherName("1.3.6.1.5.5.7.8.5", Der.tlv(0x0c, bytes("xmpp@example", UTF_8))),
        GeneralName.otherName("1.3.6.1.5.5.7.8.7", Der.tlv(0x16, bytes("_sip.example", UTF_8))),
        GeneralName.otherName("1.3.6.1.5.5.7.8.7", Der.tlv(0x0c, bytes("_bad.example", UTF_8))),
        GeneralName.otherName("1.3.6.1.5.5.7.8.8", Der.tlv(0x0c, bytes("realm.example", UTF_8))));
    sans("SAN UPN with newline", GeneralName.upn("first\nsecond"));
    sans("SAN UPN with NUL", GeneralName.upn("before\0after"));
    sans(
        "SAN UPN invalid UTF-8",
        GeneralName.otherName(
            "1.3.6.1.4.1.311.20.2.3", Der.tlv(0x0c, new byte[] {'u', (byte) 0xe9, '@', 'x'})));
    sans("SAN UPN longer than the line buffer", GeneralName.upn(repeat("u", 3000)));
    sans("SAN UPN cut inside a character", GeneralName.upn("x" + repeat("€", 1000)));
    sans(
        "SAN x400Address and ediPartyName",
        GeneralName.raw(Der.tlv(0xa3, Der.sequence(Der.tlv(0x13, bytes("x400", US_ASCII))))),
        GeneralName.raw(Der.tlv(0xa5, Der.tlv(0xa1, Der.tlv(0x0c, bytes("party", UTF_8))))),
        GeneralName.raw(
            Der.tlv(
                0xa5,
                Der.tlv(0xa0, Der.tlv(0x0c, bytes("assigner", UTF_8))),
                Der.tlv(0xa1, Der.tlv(0x13, bytes("party", US_ASCII))))),
        GeneralName.dns("after.example"));
    List<GeneralName> many = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      many.add(
          i % 3 == 0
              ? GeneralName.ipBytes(new byte[] {10, 0, (byte) (i >> 8), (byte) i})
              : GeneralName.dns("host" + i + ".example"));
    }
    add("SAN huge list", base().subjectAltNames(false, many).sign(key));
    add(
        "SAN duplicate extensions",
        base()
            .subjectAltNames(GeneralName.dns("one.example"))
            .subjectAltNames(GeneralName.dns("two.example"))
            .sign(key));
    extension("SAN malformed", "2.5.29.17", new byte[] {0x30, 0x05, (byte) 0x82, 0x05, 'a'});
    extension("SAN not a SEQUENCE", "2.5.29.17", Der.octetString(bytes("x", US_ASCII)));
    extension("SAN empty SEQUENCE", "2.5.29.17", Der.sequence());
    extension(
        "SAN trailing garbage",
        "2.5.29.17",
        concat(Der.sequence(GeneralName.dns("a.example").der()), new byte[] {0}));
    extension("SAN unknown tag", "2.5.29.17", Der.sequence(Der.tlv(0x89, bytes("nine", US_ASCII))));
    add(
        "SAN critical, empty subject",
        base(X509Name.builder().build())
            .subjectAltNames(true, List.of(GeneralName.dns("only.example")))
            .sign(key));
    add(
        "SAN in a v1 certificate with an odd name",
        base(rawValue("O", Constants.V_ASN1_T61STRING, new byte[] {(byte) 0xa4}))
            .version(0)
            .subjectAltNames(GeneralName.email("a@b"))
            .sign(key));
  }

  private static GeneralName ipBytes(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 37 + 1);
    }
    return GeneralName.ipBytes(b);
  }

  private void authorityInfoAccess() throws CryptoException {
    add(
        "AIA several URIs",
        base()
            .authorityInfoAccess(
                List.of("http://ocsp1.example/", "http://ocsp2.example/"),
                List.of("http://ca.example/1.crt", "ldap://ca.example/cn=x", "http://ca2/"))
            .sign(key));
    add("AIA OCSP only", base().authorityInfoAccess(List.of("http://o/"), List.of()).sign(key));
    add(
        "AIA caIssuers only",
        base().authorityInfoAccess(List.of(), List.of("http://c/")).sign(key));
    byte[] ocsp = Der.oid("1.3.6.1.5.5.7.48.1");
    byte[] caIssuers = Der.oid("1.3.6.1.5.5.7.48.2");
    extension(
        "AIA non-URI locations and unknown methods",
        "1.3.6.1.5.5.7.1.1",
        Der.sequence(
            Der.sequence(ocsp, GeneralName.dns("ocsp.example").der()),
            Der.sequence(ocsp, GeneralName.uri("http://ocsp.example/").der()),
            Der.sequence(Der.oid("1.3.6.1.5.5.7.48.5"), GeneralName.uri("http://repo/").der()),
            Der.sequence(caIssuers, GeneralName.dirName(name("CN", "dir")).der()),
            Der.sequence(caIssuers, GeneralName.uriBytes(bytes("http://\u00e9/", UTF_8)).der())));
    extension(
        "AIA only non-URI locations",
        "1.3.6.1.5.5.7.1.1",
        Der.sequence(Der.sequence(ocsp, GeneralName.email("o@example").der())));
    extension("AIA empty", "1.3.6.1.5.5.7.1.1", Der.sequence());
    extension(
        "AIA URI with invalid UTF-8",
        "1.3.6.1.5.5.7.1.1",
        Der.sequence(
            Der.sequence(ocsp, GeneralName.uriBytes(new byte[] {'h', (byte) 0x80}).der())));
    extension("AIA malformed", "1.3.6.1.5.5.7.1.1", Der.sequence(Der.sequence(ocsp)));
  }

  private void crlDistributionPoints() throws CryptoException {
    add(
        "CRL DP several URIs",
        base()
            .crlDistributionPoints(
                "http://crl1.example/a.crl", "http://crl2.example/b.crl", "ldap://x")
            .sign(key));
    byte[] uri = GeneralName.uri("http://crl.example/full.crl").der();
    byte[] issuer = Der.tlv(0xa2, GeneralName.dirName(name("CN", "CRL issuer")).der());
    byte[] relative = Der.tlv(0xa0, Der.tlv(0xa1, attribute("2.5.4.3", 0x0c, bytes("rel", UTF_8))));
    extension(
        "CRL DP mixed points",
        "2.5.29.31",
        Der.sequence(
            Der.sequence(issuer),
            Der.sequence(
                Der.tlv(
                    0xa0,
                    Der.tlv(
                        0xa0,
                        GeneralName.dns("crl.example").der(),
                        uri,
                        GeneralName.uri("http://second/").der()))),
            Der.sequence(relative),
            Der.sequence(Der.tlv(0x81, new byte[] {5, (byte) 0xa0})),
            Der.sequence(Der.tlv(0xa0, Der.tlv(0xa0, uri)), issuer)));
    extension("CRL DP without distpoint only", "2.5.29.31", Der.sequence(Der.sequence(issuer)));
    extension("CRL DP relative name only", "2.5.29.31", Der.sequence(Der.sequence(relative)));
    extension("CRL DP empty", "2.5.29.31", Der.sequence());
    extension(
        "CRL DP URI with invalid UTF-8",
        "2.5.29.31",
        Der.sequence(
            Der.sequence(
                Der.tlv(
                    0xa0, Der.tlv(0xa0, GeneralName.uriBytes(new byte[] {(byte) 0xfe}).der())))));
    extension("CRL DP malformed", "2.5.29.31", Der.sequence(Der.tlv(0x02, new byte[] {1})));
  }
}
