package org.jossl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jossl} as a user runs it: {@code version} against the {@code openssl} command, the
 * one-line failure when OpenSSL cannot be found, the overrides that point jossl at an OpenSSL, the
 * help texts, and the launcher itself (symlinks, a missing jar).
 */
class LauncherIT {
  @TempDir Path tmp;

  private static String versionText;

  /** {@code jossl version} with OpenSSL found by soname (run once; several tests compare). */
  private static synchronized String versionText(Path dir) {
    if (versionText == null) {
      versionText = Jossl.run(dir, "version").requireSuccess().stdout();
    }
    return versionText;
  }

  private static final Pattern OPENSSL_LINE =
      Pattern.compile("^(OpenSSL (\\d+)\\.(\\d+)\\.(\\d+)\\S* .*) \\((0x[0-9a-f]{8})\\)$");

  /** The library version the openssl command reports: "(Library: X)" if present, else its line. */
  private String opensslLibraryVersion() {
    String line = Jossl.opensslText(tmp, "version").strip();
    Matcher m = Pattern.compile("\\(Library: (.*)\\)$").matcher(line);
    return m.find() ? m.group(1) : line;
  }

  /** The "OpenSSL ... (0x...)" line of {@code jossl version}. */
  private static Matcher opensslLine(String versionOutput) {
    for (String line : versionOutput.lines().toList()) {
      Matcher m = OPENSSL_LINE.matcher(line);
      if (m.matches()) {
        return m;
      }
    }
    throw new AssertionError("no 'OpenSSL X.Y.Z ... (0x...)' line in:\n" + versionOutput);
  }

  /** {@code " NAME: value"} lines of {@code jossl version} (libcrypto, libssl, chosen by). */
  private static String field(String versionOutput, String name) {
    for (String line : versionOutput.lines().toList()) {
      if (line.startsWith("  " + name + ":")) {
        return line.substring(name.length() + 3).strip();
      }
    }
    throw new AssertionError("no '" + name + ":' line in:\n" + versionOutput);
  }

  @Test
  void versionNamesTheOpenSslTheOpensslCommandUses() {
    String out = versionText(tmp);
    // jossl's version comes from the jar's manifest, the Java version from the JVM that ran it
    String first = out.lines().findFirst().orElseThrow();
    Matcher j = Pattern.compile("^jossl (\\S+) \\(Java (\\d+)[^)]*\\)$").matcher(first);
    assertTrue(j.matches(), first);
    assertEquals(System.getProperty("jossl.version"), j.group(1));
    assertTrue(Integer.parseInt(j.group(2)) >= 25, first);
    Matcher m = opensslLine(out);
    assertEquals(opensslLibraryVersion(), m.group(1));
    // OPENSSL_VERSION_NUMBER of OpenSSL 3 is 0xMNN00PP0 (major, minor, patch; status 0 = release)
    long expected =
        (Long.parseLong(m.group(2)) << 28)
            | (Long.parseLong(m.group(3)) << 20)
            | (Long.parseLong(m.group(4)) << 4);
    assertEquals(String.format("0x%08x", expected), m.group(5), out);
    assertTrue(Files.isRegularFile(Path.of(field(out, "libcrypto"))), out);
    assertTrue(Files.isRegularFile(Path.of(field(out, "libssl"))), out);
    assertEquals("soname", field(out, "chosen by"));
  }

  @Test
  void versionJsonIsJsonWithTheFactsOfTheTextForm() {
    String text = versionText(tmp);
    Jossl.Run json = Jossl.run(tmp, "version", "-json").requireSuccess();
    assertEquals(1, json.stdout().lines().count(), json.stdout());
    // Python's json module is the judge of the syntax; it prints the facts back one per line.
    String script =
        """
        import json, sys
        d = json.load(sys.stdin)
        o = d["openssl"]
        assert type(o["number"]) is int and all(type(v) is bool for v in d["capabilities"].values())
        print("jossl", d["jossl"], "(Java", d["java"] + ")")
        print(o["version"], "(%s)" % o["hex"], "0x%08x" % o["number"])
        for k in ("libcrypto", "libssl", "source"):
            print(k, o[k])
        for k, v in d["capabilities"].items():
            print("cap", k, "yes" if v else "no")
        """;
    Jossl.Run py =
        Jossl.exec(List.of(Peers.python(), "-c", script), Map.of(), tmp, json.out())
            .requireSuccess();
    List<String> facts = py.stdout().lines().toList();
    assertEquals(text.lines().findFirst().orElseThrow(), facts.get(0));
    Matcher m = opensslLine(text);
    String[] version = facts.get(1).split(" (?=0x)");
    assertEquals(m.group(0), version[0].strip());
    assertEquals(m.group(5), version[1]);
    assertEquals("libcrypto " + field(text, "libcrypto"), facts.get(2));
    assertEquals("libssl " + field(text, "libssl"), facts.get(3));
    assertEquals("source " + field(text, "chosen by"), facts.get(4));
    Map<String, String> textCaps = new LinkedHashMap<>();
    boolean inCaps = false;
    for (String line : text.lines().toList()) {
      if (line.equals("capabilities:")) {
        inCaps = true;
      } else if (inCaps) {
        String[] kv = line.strip().split("\\s+");
        textCaps.put(kv[0], kv[1]);
      }
    }
    Map<String, String> jsonCaps = new LinkedHashMap<>();
    for (String f : facts.subList(5, facts.size())) {
      String[] kv = f.split(" ");
      jsonCaps.put(kv[1], kv[2]);
    }
    assertFalse(textCaps.isEmpty(), text);
    assertEquals(textCaps, jsonCaps);
  }

  // ---- OpenSSL not found: one line naming the override and how to fix it, no trace, no WARNING

  private static String assertNotFound(Jossl.Run r, String verb, String... mentions) {
    String line = r.requireOneLineFailure();
    assertTrue(line.startsWith("jossl " + verb + ": "), line);
    for (String s : mentions) {
      assertTrue(line.contains(s), "mentions " + s + ": " + line);
    }
    // how to fix it: both ways of pointing jossl at an OpenSSL
    assertTrue(line.contains("JOSSL_OPENSSL="), line);
    assertTrue(line.contains("-Djossl.openssl="), line);
    return line;
  }

  @Test
  void missingOpenSslNamedByTheEnvironmentIsOneLine() {
    Jossl.Run r = Jossl.run(tmp, Map.of("JOSSL_OPENSSL", "/nonexistent/ssl"), null, "version");
    assertNotFound(r, "version", "JOSSL_OPENSSL=/nonexistent/ssl");
  }

  @Test
  void missingOpenSslNamedByThePropertyIsOneLine() {
    Jossl.Run r =
        Jossl.run(
            tmp, Map.of("JOSSL_JAVA_OPTS", "-Djossl.openssl=/nonexistent/ssl"), null, "version");
    assertNotFound(r, "version", "-Djossl.openssl=/nonexistent/ssl");
  }

  @Test
  void directoryWithoutLibsslIsOneLineNamingWhatIsMissing() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("only-crypto"));
    Files.createSymbolicLink(dir.resolve("libcrypto.so.3"), Path.of(libcryptoPath()));
    String line =
        assertNotFound(
            Jossl.run(tmp, Map.of("JOSSL_OPENSSL", dir.toString()), null, "version"),
            "version",
            dir.toString(),
            "libssl.so.3");
    assertFalse(line.contains("without libcrypto"), "libcrypto is there: " + line);
  }

  @Test
  void filesThatAreNoLibrariesAreOneLine() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("fake"));
    Files.writeString(dir.resolve("libcrypto.so.3"), "not a library\n");
    Files.writeString(dir.resolve("libssl.so.3"), "not a library\n");
    assertNotFound(
        Jossl.run(tmp, Map.of("JOSSL_OPENSSL", dir.toString()), null, "version"),
        "version",
        dir.toString());
    Path text = Jossl.write(tmp, "notes.txt", "hello\n");
    assertNotFound(
        Jossl.run(tmp, Map.of("JOSSL_OPENSSL", text.toString()), null, "version"),
        "version",
        text.toString());
  }

  @Test
  void everyVerbReportsAMissingOpenSslAsOneLineAndDebugAddsTheTrace() throws IOException {
    Path cert = Jossl.write(tmp, "c.pem", "-----BEGIN CERTIFICATE-----\n");
    Map<String, String> env = Map.of("JOSSL_OPENSSL", "/nonexistent/ssl");
    String line =
        assertNotFound(
            Jossl.run(tmp, env, null, "x509", "-in", cert.toString()), "x509", "/nonexistent/ssl");
    assertNotFound(
        Jossl.run(tmp, env, null, "ca", "init", tmp.resolve("pki").toString()),
        "ca",
        "/nonexistent/ssl");
    assertFalse(Files.exists(tmp.resolve("pki")), "nothing written without OpenSSL");
    Jossl.Run debug = Jossl.run(tmp, env, null, "-debug", "x509", "-in", cert.toString());
    assertTrue(debug.exitCode() != 0);
    assertTrue(debug.stderr().startsWith(line + "\n"), debug.describe("same first line"));
    assertTrue(debug.stderr().contains("\tat org.jossl."), debug.describe("a stack trace"));
  }

  // ---- overrides that name a working OpenSSL

  /** The libcrypto the default (soname) load finds, as {@code jossl version} reports it. */
  private String libcryptoPath() {
    return field(versionText(tmp), "libcrypto");
  }

  @Test
  void overridesNamingAWorkingOpenSslAreUsedAndReported() throws IOException {
    String text = versionText(tmp);
    String crypto = field(text, "libcrypto");
    String ssl = field(text, "libssl");
    Path dir = Files.createDirectory(tmp.resolve("openssl"));
    Files.createSymbolicLink(dir.resolve("libcrypto.so.3"), Path.of(crypto));
    Files.createSymbolicLink(dir.resolve("libssl.so.3"), Path.of(ssl));
    String expectedVersion = opensslLine(text).group(0);

    String viaEnv =
        Jossl.run(tmp, Map.of("JOSSL_OPENSSL", dir.toString()), null, "version")
            .requireSuccess()
            .stdout();
    assertEquals("JOSSL_OPENSSL=" + dir, field(viaEnv, "chosen by"));
    assertEquals(expectedVersion, opensslLine(viaEnv).group(0));

    String files = crypto + File.pathSeparator + ssl;
    String viaProperty =
        Jossl.run(tmp, Map.of("JOSSL_JAVA_OPTS", "-Djossl.openssl=" + files), null, "version")
            .requireSuccess()
            .stdout();
    assertEquals("-Djossl.openssl=" + files, field(viaProperty, "chosen by"));
    assertEquals(expectedVersion, opensslLine(viaProperty).group(0));

    // the property wins over the environment variable
    String both =
        Jossl.run(
                tmp,
                Map.of(
                    "JOSSL_OPENSSL",
                    "/nonexistent/ssl",
                    "JOSSL_JAVA_OPTS",
                    "-Djossl.openssl=" + dir),
                null,
                "version")
            .requireSuccess()
            .stdout();
    assertEquals("-Djossl.openssl=" + dir, field(both, "chosen by"));
  }

  // ---- help

  /** Flags a help text mentions: words that start with '-' and a letter, after a space or '['. */
  private static Set<String> flagsIn(String help) {
    Set<String> flags = new LinkedHashSet<>();
    Matcher m = Pattern.compile("(?<=^|[\\s\\[|(])(-[A-Za-z][A-Za-z0-9_]*)\\b").matcher(help);
    while (m.find()) {
      flags.add(m.group(1));
    }
    return flags;
  }

  @Test
  void everyFlagTheHelpMentionsIsAccepted() {
    String usage = Jossl.run(tmp, "-h").requireSuccess().stdout();
    List<String> verbs = new ArrayList<>();
    for (String line : usage.lines().toList()) {
      Matcher m = Pattern.compile("^  ([a-z][a-z0-9_-]*)\\s{2,}\\S").matcher(line);
      if (m.find()) {
        verbs.add(m.group(1));
      }
    }
    assertFalse(verbs.isEmpty(), "jossl -h lists verbs:\n" + usage);

    List<List<String>> runs = new ArrayList<>();
    runs.add(List.of("--help"));
    // the command's own flags (-h, -debug) work in front of a verb
    Set<String> topFlags = flagsIn(usage);
    assertFalse(topFlags.isEmpty(), usage);
    for (String flag : topFlags) {
      runs.add(List.of(flag, verbs.getFirst(), "-h"));
    }
    for (String verb : verbs) {
      runs.add(List.of(verb, "-h"));
      // the check below can fail: a flag no help mentions is refused in one line
      runs.add(List.of(verb, "-no-such-flag"));
    }
    List<Jossl.Run> results = Jossl.runAll(tmp, runs);
    assertEquals(usage, results.get(0).requireSuccess().stdout());
    for (int i = 1; i <= topFlags.size(); i++) {
      assertEquals(0, results.get(i).exitCode(), results.get(i).describe("accepted"));
    }

    // every flag a verb's help mentions, each followed by a value, in one run: the parser
    // refuses the first flag it does not know, so none may be refused
    List<List<String>> flagRuns = new ArrayList<>();
    for (int v = 0; v < verbs.size(); v++) {
      String verb = verbs.get(v);
      String help = results.get(1 + topFlags.size() + 2 * v).requireSuccess().stdout();
      // "usage: jossl VERB FLAGS..." or, for a verb without flags, "usage: jossl VERB\n"
      assertTrue(
          help.startsWith("usage: jossl " + verb + " ")
              || help.startsWith("usage: jossl " + verb + "\n"),
          help);
      String line = results.get(2 + topFlags.size() + 2 * v).requireOneLineFailure();
      assertTrue(line.contains("unknown flag -no-such-flag"), line);
      List<String> args = new ArrayList<>(List.of(verb));
      for (String flag : flagsIn(help)) {
        if (!flag.equals("-h")) {
          args.add(flag);
          args.add("x");
        }
      }
      flagRuns.add(args);
    }
    assertTrue(flagRuns.stream().anyMatch(a -> a.size() > 1), "the verbs' help texts name flags");
    List<Jossl.Run> flagResults = Jossl.runAll(tmp, flagRuns);
    for (Jossl.Run r : flagResults) {
      assertFalse(r.stderr().contains("unknown flag"), r.describe("every flag is accepted"));
    }
  }

  @Test
  void noArgumentsPrintsTheUsageAndUnknownVerbsAreOneLine() {
    Jossl.Run none = Jossl.run(tmp);
    assertEquals(2, none.exitCode(), none.describe("usage error"));
    assertEquals(Jossl.run(tmp, "-h").requireSuccess().stdout(), none.stdout());
    String line = Jossl.run(tmp, "frobnicate").requireOneLineFailure();
    assertTrue(line.contains("frobnicate") && line.contains("jossl -h"), line);
  }

  // ---- the launcher itself

  @Test
  void launcherWorksThroughASymlinkFromAnotherDirectory() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("jossl"), Jossl.launcher());
    Jossl.Run r = Jossl.exec(List.of(link.toString(), "version"), Map.of(), tmp, null);
    r.requireSuccess();
    assertEquals(versionText(tmp), r.stdout());
  }

  @Test
  void launcherWithoutItsJarSaysSoInOneLine() throws IOException {
    // a copy of the launcher in a tree where nothing was built
    Path root = tmp.resolve("tree");
    Files.createDirectories(root.resolve("bin/lib"));
    for (String f : List.of("bin/jossl", "bin/lib/find-jdk.sh")) {
      Files.copy(Jossl.home().resolve(f), root.resolve(f));
    }
    Jossl.Run r =
        Jossl.exec(List.of(root.resolve("bin/jossl").toString(), "version"), Map.of(), tmp, null);
    String line = r.requireOneLineFailure();
    assertTrue(line.contains("JOSSL_NO_BUILD") && line.contains("jossl-cli.jar"), line);
    assertFalse(
        new String(r.err(), StandardCharsets.UTF_8).contains("Unable to access jarfile"), line);
  }
}
