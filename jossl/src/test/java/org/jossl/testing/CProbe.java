package org.jossl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Compiles small C programs against the installed OpenSSL headers with gcc, for the tests that
 * check jossl's hand-written view of OpenSSL (prototypes, constants, struct layouts) against the
 * real thing. gcc runs with {@code LC_ALL=C} so its diagnostics use plain ASCII quotes.
 */
public final class CProbe {
  private CProbe() {}

  /** OpenSSL's public headers, as the Debian package libssl-dev installs them. */
  public static final Path OPENSSL_INCLUDE = Path.of("/usr/include/openssl");

  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  /**
   * The gcc command; skips the calling test (a JUnit assumption, reported as skipped) when gcc or
   * OpenSSL's development headers are not installed, since then there is nothing to check against.
   */
  public static String gccOrSkip() {
    String gcc = Peers.gccOrNull();
    Assumptions.assumeTrue(
        gcc != null,
        "skipped: gcc is not on PATH, so jossl's view of OpenSSL cannot be checked against the"
            + " headers (install gcc and libssl-dev, e.g. with bin/setup-test-peers)");
    Assumptions.assumeTrue(
        Files.isRegularFile(OPENSSL_INCLUDE.resolve("ssl.h")),
        "skipped: "
            + OPENSSL_INCLUDE.resolve("ssl.h")
            + " is missing, so jossl's view of OpenSSL cannot be checked against the headers"
            + " (install libssl-dev)");
    return gcc;
  }

  /** Whether gcc and OpenSSL's headers are installed. */
  public static boolean gccAndHeadersInstalled() {
    return Peers.gccOrNull() != null && Files.isRegularFile(OPENSSL_INCLUDE.resolve("ssl.h"));
  }

  /** Skips the calling test when OpenSSL's headers are not installed. */
  public static void headersOrSkip() {
    Assumptions.assumeTrue(
        Files.isRegularFile(OPENSSL_INCLUDE.resolve("ssl.h")),
        "skipped: " + OPENSSL_INCLUDE.resolve("ssl.h") + " is missing (install libssl-dev)");
  }

  /** The {@code jossl} module's directory (the one holding {@code pom.xml} and {@code src}). */
  public static Path moduleDir() {
    try {
      Path testClasses =
          Path.of(CProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // target/test-classes (or a test jar in target/) -> the module directory
      Path dir = testClasses.getParent().getParent();
      if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
        throw new AssertionError("cannot find the jossl module directory from " + testClasses);
      }
      return dir;
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs gcc with {@code args} (and {@code LC_ALL=C}) in {@code dir}. */
  public static Peers.Result gcc(String gcc, Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of(gcc));
    cmd.addAll(List.of(args));
    return Peers.run(cmd, null, TIMEOUT, Map.of("LC_ALL", "C", "LANG", "C"), dir);
  }

  /** Checks the syntax of {@code source} (written to {@code dir/name}); never fails by itself. */
  public static Peers.Result syntaxCheck(String gcc, Path dir, String name, String source) {
    Path file = write(dir, name, source);
    return gcc(gcc, dir, "-fsyntax-only", "-x", "c", file.toString());
  }

  /** Compiles {@code source} into a program in {@code dir}, runs it and returns its output. */
  public static String compileAndRun(String gcc, Path dir, String name, String source) {
    Path file = write(dir, name, source);
    Path program = dir.resolve(name.replaceAll("\\.c$", ""));
    gcc(gcc, dir, "-x", "c", "-o", program.toString(), file.toString())
        .requireSuccess("gcc " + file + "\n" + numbered(source));
    return Peers.run(List.of(program.toString()), null, TIMEOUT)
        .requireSuccess(program.toString())
        .stdout();
  }

  private static Path write(Path dir, String name, String source) {
    try {
      return Files.writeString(dir.resolve(name), source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code source} with line numbers, to read gcc's diagnostics against. */
  public static String numbered(String source) {
    StringBuilder b = new StringBuilder();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      b.append(String.format("%4d  %s%n", i + 1, lines[i]));
    }
    return b.toString();
  }
}
