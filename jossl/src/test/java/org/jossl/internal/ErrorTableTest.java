package org.jossl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.X509;
import org.jossl.crypto.X509Store;
import org.jossl.testing.CProbe;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated {@link ErrorTable} agrees with the installed OpenSSL headers and with Python's own
 * table, and the same OpenSSL failure gives the same message, library and reason in jossl as in
 * Python's ssl module.
 *
 * <p>The table is the union of the header sets it was generated on, so it need not be complete for
 * the installed OpenSSL (newer releases add reasons, which Python's table may lack too); but every
 * name it has must be the one the headers give the same code.
 */
class ErrorTableTest {
  private static final Pattern DEFINE =
      Pattern.compile("^\\s*#\\s*define\\s+(\\w+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);
  private static final Pattern ROW = Pattern.compile("(\\d+)\t(\\d+)\t(\\w+)");

  /** Python's results: case -> {library, reason, message}, and Python's tables. */
  private static final Map<String, String[]> PYTHON = new HashMap<>();

  private static final Map<Integer, String> PYTHON_LIBRARIES = new TreeMap<>();
  private static final Map<List<Integer>, String> PYTHON_REASONS = new LinkedHashMap<>();

  @TempDir static Path dir;

  /** The inputs both sides fail on, written once for Python and read back by jossl. */
  static final String BAD_BASE64 = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";

  /** A PEM block whose base64 is fine but whose DER is no certificate (SEQUENCE { 1 }). */
  static final String BAD_ASN1 =
      "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";

  static final byte[] BAD_DER = {0x30, 0x03, 0x02, 0x01, 0x01};

  @BeforeAll
  static void askPython() throws Exception {
    X509 cert = CertificateAuthority.create().certificate();
    Files.writeString(dir.resolve("garbage.pem"), "garbage\n");
    Files.writeString(dir.resolve("cert.pem"), cert.toPem());
    Files.write(dir.resolve("cert.der"), cert.toDer());
    Files.writeString(dir.resolve("bad_base64.pem"), BAD_BASE64);
    Files.writeString(dir.resolve("bad_asn1.pem"), BAD_ASN1);
    Files.write(dir.resolve("bad.der"), BAD_DER);
    String out = Peers.python("ssl_errors.py", dir.toString()).stdout();
    for (String line : out.split("\n")) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "lib" -> PYTHON_LIBRARIES.put(Integer.parseInt(f[1]), f[2]);
        case "reason" ->
            PYTHON_REASONS.put(List.of(Integer.parseInt(f[1]), Integer.parseInt(f[2])), f[3]);
        case "" -> {}
        default -> PYTHON.put(f[0], new String[] {none(f[1]), none(f[2]), f[3]});
      }
    }
  }

  private static String none(String s) {
    return s.equals("\\N") ? null : s;
  }

  // ---- the table against the headers

  @Test
  void tableAgreesWithTheInstalledHeaders() throws IOException {
    CProbe.headersOrSkip();
    Map<String, Integer> headerLibs = new LinkedHashMap<>();
    Matcher m = DEFINE.matcher(Files.readString(CProbe.OPENSSL_INCLUDE.resolve("err.h")));
    while (m.find()) {
      if (m.group(1).startsWith("ERR_LIB_")) {
        headerLibs.put(m.group(1).substring("ERR_LIB_".length()), Integer.parseInt(m.group(2)));
      }
    }
    assertFalse(headerLibs.isEmpty(), "no ERR_LIB_* in err.h");

    List<String> wrong = new ArrayList<>();
    Map<String, Integer> tableLibs = tableLibraries();
    for (var e : headerLibs.entrySet()) {
      Integer code = tableLibs.get(e.getKey());
      if (code != null && code.intValue() != e.getValue()) {
        wrong.add("ERR_LIB_" + e.getKey() + " is " + e.getValue() + " but the table has " + code);
      }
      String name = ErrorNames.library(e.getValue());
      if (name != null && !name.equals(e.getKey())) {
        wrong.add(
            "library "
                + e.getValue()
                + " is ERR_LIB_"
                + e.getKey()
                + " but the table says "
                + name);
      }
    }

    int compared = 0;
    try (DirectoryStream<Path> headers =
        Files.newDirectoryStream(CProbe.OPENSSL_INCLUDE, "*err.h")) {
      for (Path header : headers) {
        Matcher d = DEFINE.matcher(Files.readString(header, StandardCharsets.ISO_8859_1));
        while (d.find()) {
          for (var lib : headerLibs.entrySet()) {
            String prefix = lib.getKey() + "_R_";
            if (!d.group(1).startsWith(prefix) || ErrorNames.library(lib.getValue()) == null) {
              continue;
            }
            String name = d.group(1).substring(prefix.length());
            int code = Integer.parseInt(d.group(2));
            String table = ErrorNames.reason(lib.getValue(), code);
            if (table != null) {
              compared++;
              if (!table.equals(name)) {
                wrong.add(
                    header.getFileName()
                        + ": "
                        + d.group(1)
                        + " is "
                        + code
                        + " but the table names ("
                        + lib.getValue()
                        + ", "
                        + code
                        + ") "
                        + table);
              }
            }
          }
        }
      }
    }
    if (!wrong.isEmpty()) {
      fail("ErrorTable disagrees with the installed headers:\n  " + String.join("\n  ", wrong));
    }
    assertTrue(compared > 100, "only " + compared + " header reasons were found in the table");
  }

  /** Where jossl's table and Python's both name a library or reason, the names are equal. */
  @Test
  void tableAgreesWithPythonsOwnTable() {
    assertFalse(PYTHON_REASONS.isEmpty(), "Python has no ssl._ssl.err_codes_to_names");
    List<String> wrong = new ArrayList<>();
    for (var e : tableLibraries().entrySet()) {
      String py = PYTHON_LIBRARIES.get(e.getValue());
      if (py != null && !py.equals(e.getKey())) {
        wrong.add("library " + e.getValue() + ": jossl " + e.getKey() + ", Python " + py);
      }
    }
    int compared = 0;
    for (var e : PYTHON_REASONS.entrySet()) {
      String ours = ErrorNames.reason(e.getKey().get(0), e.getKey().get(1));
      if (ours != null) {
        compared++;
        if (!ours.equals(e.getValue())) {
          wrong.add("reason " + e.getKey() + ": jossl " + ours + ", Python " + e.getValue());
        }
      }
    }
    if (!wrong.isEmpty()) {
      fail("ErrorTable disagrees with Python's table:\n  " + String.join("\n  ", wrong));
    }
    assertTrue(compared > 100, "only " + compared + " of Python's reasons are in the table");
  }

  /** The table's libraries, name to code. */
  private static Map<String, Integer> tableLibraries() {
    Map<String, Integer> out = new LinkedHashMap<>();
    Matcher m = ROW.matcher(ErrorTable.LIBRARIES);
    while (m.find()) {
      out.put(m.group(3), Integer.parseInt(m.group(1)));
    }
    return out;
  }

  // ---- the same failure in Python and jossl

  @Test
  void pemWithoutABlockFailsAsInPython() {
    // Python: load_dh_params (PEM_read_DHparams); jossl: PEM_read_bio_X509. Both read no PEM block.
    samePythonError("dh_params_garbage", () -> X509.fromPem("garbage\n"));
  }

  @Test
  void caFileWithoutCertificatesFailsAsInPython() {
    // Both: X509_STORE_load_file (Python through SSL_CTX_load_verify_locations)
    samePythonError(
        "cafile_garbage",
        () -> {
          try (X509Store store = new X509Store()) {
            store.loadLocations(dir.resolve("garbage.pem"), null);
          }
        });
  }

  @Test
  void pemWithBadBase64FailsAsInPython() {
    // Both: PEM_read_bio_X509 on the same block (Python after reading a good certificate)
    samePythonError("cadata_pem_bad_base64", () -> X509.fromPem(BAD_BASE64));
  }

  @Test
  void pemWithoutACertificateInsideFailsAsInPython() {
    // A common reason (ERR_R_ASN1_LIB): Python names the library only, "[PEM] ASN1 lib"
    samePythonError("cadata_pem_bad_asn1", () -> X509.fromPem(BAD_ASN1));
  }

  @Test
  void derThatIsNoCertificateFailsAsInPython() {
    // Python: d2i_X509_bio, which reads the bytes and calls d2i_X509's decoder; jossl: d2i_X509
    samePythonError("cadata_der_bad", () -> X509.fromDer(BAD_DER));
  }

  private static void samePythonError(String pythonCase, Executable jossl) {
    String[] py = PYTHON.get(pythonCase);
    if (py == null) {
      fail("the Python peer did not run case " + pythonCase);
    }
    CryptoException e = null;
    try {
      jossl.execute();
    } catch (CryptoException ex) {
      e = ex;
    } catch (Throwable t) {
      throw new AssertionError("jossl threw " + t + ", Python: " + py[2], t);
    }
    if (e == null) {
      fail("jossl did not fail; Python: " + py[2]);
    }
    String[] ours = {e.library(), e.reason(), e.getMessage()};
    assertEquals(
        List.of(String.valueOf(py[0]), String.valueOf(py[1]), py[2]),
        List.of(String.valueOf(ours[0]), String.valueOf(ours[1]), ours[2]),
        "library, reason and message differ from Python's (" + e.pyOpenSslString() + ")");
  }
}
