package org.jossl.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.testing.CProbe;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The binding specs ({@code src/main/bindings/*.h}, the C prototypes {@code LibCrypto}/{@code
 * LibSsl} are generated from) agree with the installed OpenSSL headers: gcc compiles each spec
 * after the headers it includes, so a prototype that differs from OpenSSL's is a "conflicting
 * types" error. Only {@code const} may differ, because OpenSSL 3.x releases added and removed
 * {@code const} on parameters and the specs must build on all of them; a const-only difference does
 * not change the call's ABI.
 */
class BindingSignatureTest {
  /** One gcc diagnostic line: file:line:column: kind: message. */
  private static final Pattern DIAGNOSTIC =
      Pattern.compile("^(.*?):(\\d+):(\\d+): (error|warning|note): (.*)$", Pattern.MULTILINE);

  private static final Pattern CONFLICT =
      Pattern.compile("conflicting types for '(\\w+)'; have '([^']*)'(?: \\{aka '([^']*)'\\})?.*");
  private static final Pattern PREVIOUS =
      Pattern.compile(
          "previous (?:declaration|definition) of '(\\w+)' with type '([^']*)'"
              + "(?: \\{aka '([^']*)'\\})?.*");

  /** "since 3.N" in a prototype's trailing comment: the function is new in OpenSSL 3.N. */
  private static final Pattern SINCE = Pattern.compile("\\bsince\\s+3\\.(\\d+)\\b");

  static Path spec(String name) {
    return CProbe.moduleDir().resolve("src/main/bindings").resolve(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"libcrypto.h", "libssl.h"})
  void everyPrototypeAgreesWithTheInstalledHeaders(String name, @TempDir Path tmp) {
    String gcc = CProbe.gccOrSkip();
    Path spec = spec(name);
    Peers.Result r = CProbe.gcc(gcc, tmp, "-fsyntax-only", "-x", "c", spec.toString());
    List<String> problems = problems(r.stderr());
    if (!problems.isEmpty()) {
      fail(
          name
              + " disagrees with the installed OpenSSL headers ("
              + problems.size()
              + " problem(s)):\n  "
              + String.join("\n  ", problems)
              + "\n\ngcc said:\n"
              + r.stderr());
    }
    // gcc failing without a diagnostic we recognize would be a problem we did not parse
    assertTrue(
        r.exitCode() == 0 || r.stderr().contains("conflicting types"),
        "gcc exited " + r.exitCode() + ":\n" + r.stderr());
  }

  /**
   * Every bound function is declared by the installed headers, so that the check above really
   * checked it (a misspelt name would otherwise be a new declaration that agrees with nothing). A
   * function newer than the installed OpenSSL may be absent if its prototype's trailing comment
   * says {@code since 3.N}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"libcrypto.h", "libssl.h"})
  void everyBoundFunctionIsDeclaredByTheInstalledHeaders(String name, @TempDir Path tmp)
      throws IOException {
    String gcc = CProbe.gccOrSkip();
    String text = Files.readString(spec(name));
    List<Prototype> prototypes = prototypes(text);
    assertFalse(prototypes.isEmpty(), "no prototypes found in " + name);

    StringBuilder probe = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.strip().startsWith("#")) {
        probe.append(line).append('\n');
      }
    }
    int first = probe.toString().split("\n", -1).length;
    for (int i = 0; i < prototypes.size(); i++) {
      // a function-like macro of the same name is not expanded without "(": this sees the function
      probe.append("__typeof__(").append(prototypes.get(i).name()).append(") *jossl_probe_");
      probe.append(i).append(";\n");
    }
    Peers.Result r = CProbe.syntaxCheck(gcc, tmp, "declared.c", probe.toString());

    int installedMinor = installedMinorVersion();
    List<String> undeclared = new ArrayList<>();
    Matcher m = DIAGNOSTIC.matcher(r.stderr());
    Set<Integer> seen = new HashSet<>();
    while (m.find()) {
      if (!m.group(4).equals("error") || !m.group(1).endsWith("declared.c")) {
        continue;
      }
      int index = Integer.parseInt(m.group(2)) - first;
      if (index < 0 || index >= prototypes.size()) {
        fail("gcc failed on the headers themselves:\n" + r.stderr());
      }
      if (!seen.add(index)) {
        continue;
      }
      Prototype p = prototypes.get(index);
      Matcher since = SINCE.matcher(p.comment());
      if (since.find() && Integer.parseInt(since.group(1)) > installedMinor) {
        continue; // newer than the installed OpenSSL: looked up optionally, unavailable here
      }
      undeclared.add(p.name() + " (" + m.group(5) + ")");
    }
    if (!undeclared.isEmpty()) {
      fail(
          name
              + " binds functions the installed OpenSSL 3."
              + installedMinor
              + " headers do not declare (misspelt? or mark a newer function \"/* since 3.N */\"):"
              + "\n  "
              + String.join("\n  ", undeclared));
    }
    // every error was matched to a prototype above (and found acceptable); any other failure is not
    assertTrue(
        r.exitCode() == 0 || !seen.isEmpty(), "gcc exited " + r.exitCode() + ":\n" + r.stderr());
  }

  @Test
  void generatedBindingsAreUpToDate() {
    Path root = CProbe.moduleDir().getParent();
    Peers.Result r =
        Peers.run(
            List.of(Peers.python(), "scripts/gen-bindings.py", "--check"),
            null,
            Duration.ofMinutes(1),
            Map.of(),
            root);
    assertTrue(
        r.exitCode() == 0,
        "LibCrypto/LibSsl are out of date with src/main/bindings/*.h: run python3"
            + " scripts/gen-bindings.py\n"
            + r.stdout()
            + r.stderr());
  }

  /**
   * The problems in gcc's output: every error and warning, except a "conflicting types" error whose
   * two types differ only in {@code const}.
   */
  static List<String> problems(String stderr) {
    List<String> problems = new ArrayList<>();
    List<String[]> diagnostics = new ArrayList<>();
    Matcher m = DIAGNOSTIC.matcher(stderr);
    while (m.find()) {
      diagnostics.add(new String[] {m.group(1) + ":" + m.group(2), m.group(4), m.group(5)});
    }
    for (int i = 0; i < diagnostics.size(); i++) {
      String[] d = diagnostics.get(i);
      if (d[1].equals("note")) {
        continue;
      }
      Matcher c = CONFLICT.matcher(d[2]);
      if (d[1].equals("error") && c.matches()) {
        String function = c.group(1);
        Matcher previous = null;
        for (int j = i + 1; j < diagnostics.size() && diagnostics.get(j)[1].equals("note"); j++) {
          Matcher p = PREVIOUS.matcher(diagnostics.get(j)[2]);
          if (p.matches() && p.group(1).equals(function)) {
            previous = p;
            break;
          }
        }
        if (previous == null) {
          problems.add(function + ": conflicting types (gcc did not say the header's type)");
        } else if (!sameButConst(c.group(2), previous.group(2))
            && !(c.group(3) != null
                && previous.group(3) != null
                && sameButConst(c.group(3), previous.group(3)))) {
          problems.add(
              function
                  + ": the spec has '"
                  + c.group(2)
                  + "', OpenSSL has '"
                  + previous.group(2)
                  + "'");
        }
        continue;
      }
      problems.add(d[0] + ": " + d[1] + ": " + d[2]);
    }
    return problems;
  }

  /** Whether two C types are equal once {@code const} and whitespace are removed. */
  static boolean sameButConst(String a, String b) {
    return withoutConst(a).equals(withoutConst(b));
  }

  private static String withoutConst(String type) {
    return type.replaceAll("\\bconst\\b", "").replaceAll("\\s+", "");
  }

  /** A prototype of a spec: the function's name, the declaration and its trailing comments. */
  record Prototype(String name, String declaration, String comment) {}

  /** The prototypes of a spec, in order, each with the comments that follow it on its line. */
  static List<Prototype> prototypes(String text) {
    StringBuilder code = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("#")) {
        code.append(line).append('\n');
      }
    }
    // keep each trailing comment by replacing it with a placeholder the splitting below keeps
    List<String> comments = new ArrayList<>();
    Matcher trailing = Pattern.compile(";[ \\t]*((?:/\\*.*?\\*/[ \\t]*)+)").matcher(code);
    StringBuilder kept = new StringBuilder();
    while (trailing.find()) {
      comments.add(trailing.group(1));
      trailing.appendReplacement(kept, ";\u0001" + (comments.size() - 1) + "\u0001");
    }
    trailing.appendTail(kept);
    String stripped =
        Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL)
            .matcher(kept)
            .replaceAll(" ")
            .replaceAll("//[^\n]*", " ");
    List<Prototype> out = new ArrayList<>();
    for (String piece : stripped.split(";")) {
      String comment = "";
      Matcher marker = Pattern.compile("^\\s*\u0001(\\d+)\u0001").matcher(piece);
      if (marker.find()) {
        comment = comments.get(Integer.parseInt(marker.group(1)));
        piece = piece.substring(marker.end());
        if (!out.isEmpty()) {
          Prototype last = out.removeLast();
          out.add(new Prototype(last.name(), last.declaration(), comment));
        }
      }
      String declaration = piece.strip().replaceAll("\\s+", " ");
      if (!declaration.isEmpty()) {
        out.add(new Prototype(functionName(declaration), declaration, ""));
      }
    }
    return out;
  }

  /** The name before the parameter list (the parentheses that end the declaration). */
  static String functionName(String declaration) {
    if (!declaration.endsWith(")")) {
      throw new AssertionError("not a function prototype: " + declaration);
    }
    int depth = 0;
    int open = -1;
    for (int i = declaration.length() - 1; i >= 0; i--) {
      char ch = declaration.charAt(i);
      if (ch == ')') {
        depth++;
      } else if (ch == '(' && --depth == 0) {
        open = i;
        break;
      }
    }
    Matcher name =
        Pattern.compile("(\\w+)\\s*$").matcher(declaration.substring(0, Math.max(open, 0)));
    if (open < 0 || !name.find()) {
      throw new AssertionError("cannot find the function name in: " + declaration);
    }
    return name.group(1);
  }

  /** OPENSSL_VERSION_MINOR of the installed headers. */
  static int installedMinorVersion() throws IOException {
    String v = Files.readString(CProbe.OPENSSL_INCLUDE.resolve("opensslv.h"));
    Matcher m = Pattern.compile("#\\s*define\\s+OPENSSL_VERSION_MINOR\\s+(\\d+)").matcher(v);
    if (!m.find()) {
      throw new AssertionError("no OPENSSL_VERSION_MINOR in opensslv.h");
    }
    return Integer.parseInt(m.group(1));
  }
}
