package org.jossl.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jossl.crypto.OpenSslLibrary;
import org.jossl.testing.Jvm;
import org.jossl.testing.Peers;
import org.jossl.testing.ProbeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding and refusing OpenSSL, each case in a fresh JVM: the default soname, the overrides by
 * system property and environment variable, and the one clear message when nothing usable is found.
 */
class LoadingTest {
  @TempDir Path tmp;

  private static Map<String, String> probe(List<String> jvmArgs, Map<String, String> env) {
    Peers.Result r = Jvm.run(ProbeMain.class, jvmArgs, env, null, Duration.ofSeconds(60));
    assertEquals(0, r.exitCode(), r.stderr());
    assertFalse(r.stderr().contains("WARNING"), "JVM warning: " + r.stderr());
    Map<String, String> out = new LinkedHashMap<>();
    r.stdout()
        .lines()
        .forEach(l -> out.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return out;
  }

  private static Path libDir() {
    return Path.of(OpenSslLibrary.libcryptoPath()).toAbsolutePath().getParent();
  }

  @Test
  void theDefaultIsTheSonameAndOpenSsl3() {
    Map<String, String> p = probe(List.of(), Map.of());
    assertEquals("true", p.get("available"));
    assertEquals("soname", p.get("source"));
    assertTrue(Long.parseLong(p.get("number")) >= 0x3000_0000L);
    assertTrue(Files.exists(Path.of(p.get("libcrypto"))), p.get("libcrypto"));
    assertTrue(Files.exists(Path.of(p.get("libssl"))), p.get("libssl"));
    String cli =
        Peers.run(List.of(Peers.openssl(), "version"), null, Duration.ofSeconds(30)).stdout();
    assertTrue(cli.contains(p.get("version").replace("OpenSSL ", "")), cli + " vs " + p);
    assertTrue(p.get("call").contains("CryptoException"), p.get("call"));
  }

  @Test
  void aDirectoryNamedByThePropertyIsUsed() {
    Map<String, String> p = probe(List.of("-Djossl.openssl=" + libDir()), Map.of());
    assertEquals("true", p.get("available"), p.toString());
    assertTrue(p.get("source").startsWith("-Djossl.openssl="), p.get("source"));
  }

  @Test
  void theTwoFilesNamedByTheEnvironmentAreUsed() {
    String files =
        libDir().resolve("libcrypto.so.3")
            + java.io.File.pathSeparator
            + libDir().resolve("libssl.so.3");
    Map<String, String> p = probe(List.of(), Map.of("JOSSL_OPENSSL", files));
    assertEquals("true", p.get("available"), p.toString());
    assertTrue(p.get("source").startsWith("JOSSL_OPENSSL="), p.get("source"));
  }

  @Test
  void thePropertyWinsOverTheEnvironment() {
    Map<String, String> p =
        probe(List.of("-Djossl.openssl=" + libDir()), Map.of("JOSSL_OPENSSL", "/nonexistent"));
    assertEquals("true", p.get("available"), p.toString());
  }

  @Test
  void nothingUsableGivesOneClearMessageAndNoInitializerError() {
    Map<String, String> p = probe(List.of(), Map.of("JOSSL_OPENSSL", "/nonexistent/openssl"));
    assertEquals("false", p.get("available"));
    String problem = p.get("problem");
    assertTrue(problem.contains("/nonexistent/openssl"), problem);
    assertTrue(problem.contains("JOSSL_OPENSSL") && problem.contains("jossl.openssl"), problem);
    assertEquals("java.lang.IllegalStateException: " + problem, p.get("call"));
  }

  @Test
  void aDirectoryWithoutTheLibrariesIsRefused() {
    Map<String, String> p = probe(List.of("-Djossl.openssl=" + tmp), Map.of());
    assertEquals("false", p.get("available"));
    assertTrue(p.get("problem").contains("libcrypto.so.3 and libssl.so.3"), p.get("problem"));
  }

  /** Builds stand-in libraries with gcc; returns the directory, or skips without gcc. */
  private Path fakeOpenSsl(String cryptoSource) throws IOException {
    String gcc = Peers.gccOrNull();
    assumeTrue(gcc != null, "gcc is not installed: cannot build a stand-in library");
    Path dir = Files.createDirectories(tmp.resolve("fake"));
    Path c = tmp.resolve("crypto.c");
    Files.writeString(c, cryptoSource);
    Path s = tmp.resolve("ssl.c");
    Files.writeString(s, "int jossl_test_placeholder(void) { return 0; }\n");
    for (var pair :
        List.of(
            List.of(c, dir.resolve("libcrypto.so.3")), List.of(s, dir.resolve("libssl.so.3")))) {
      Peers.run(
              List.of(
                  gcc, "-shared", "-fPIC", "-o", pair.get(1).toString(), pair.get(0).toString()),
              null,
              Duration.ofSeconds(60))
          .requireSuccess("gcc");
    }
    return dir;
  }

  @Test
  void anOpenSslOlderThan3IsRefusedWithItsVersion() throws IOException {
    Path dir =
        fakeOpenSsl(
            """
            unsigned long OpenSSL_version_num(void) { return 0x1010117fUL; }
            const char *OpenSSL_version(int t) { return "OpenSSL 1.1.1w  11 Sep 2023"; }
            """);
    Map<String, String> p = probe(List.of("-Djossl.openssl=" + dir), Map.of());
    assertEquals("false", p.get("available"));
    assertTrue(p.get("problem").contains("needs OpenSSL 3.0 or newer"), p.get("problem"));
    assertTrue(p.get("problem").contains("OpenSSL 1.1.1w"), p.get("problem"));
  }

  @Test
  void aLibraryThatIsNotOpenSslIsRefused() throws IOException {
    Path dir = fakeOpenSsl("int not_openssl(void) { return 1; }\n");
    Map<String, String> p = probe(List.of("-Djossl.openssl=" + dir), Map.of());
    assertEquals("false", p.get("available"));
    assertTrue(p.get("problem").contains("has no OpenSSL_version_num"), p.get("problem"));
  }
}
