package org.jossl.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jossl.testing.CProbe;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code public static final} int or long of {@link Constants} has the value the installed
 * OpenSSL headers give the C name of the same spelling, as printed by a C program gcc compiles
 * against those headers. One dynamic test per constant, so a failure names the constant.
 */
class ConstantsTest {
  /** The headers that define the constants jossl uses. */
  static final List<String> HEADERS =
      List.of(
          "err.h",
          "bio.h",
          "crypto.h",
          "ssl.h",
          "asn1.h",
          "objects.h",
          "obj_mac.h",
          "evp.h",
          "x509.h",
          "x509_vfy.h",
          "x509v3.h");

  private static final Pattern DIAGNOSTIC =
      Pattern.compile("^(.*?):(\\d+):(\\d+): error: (.*)$", Pattern.MULTILINE);

  @TestFactory
  Stream<DynamicTest> everyConstantHasTheHeadersValue(@TempDir Path tmp) throws Exception {
    if (!CProbe.gccAndHeadersInstalled()) {
      // one skipped test that says why (a factory that aborts is not reported at all)
      return Stream.of(DynamicTest.dynamicTest("gcc and OpenSSL headers", CProbe::gccOrSkip));
    }
    String gcc = CProbe.gccOrSkip();
    Map<String, Long> java = javaConstants();
    assertFalse(java.isEmpty(), "Constants has no int/long constants");
    List<String> names = new ArrayList<>(java.keySet());

    // 1. Which names do the headers declare? A #define and an enum member (X509_LU_X509, which
    //    #ifdef cannot see) both make a constant initializer compile; an unknown name is an error
    //    on its own line.
    StringBuilder probe = new StringBuilder(includes());
    int first = probe.toString().split("\n", -1).length;
    for (int i = 0; i < names.size(); i++) {
      probe.append("static const long long jossl_c").append(i);
      probe.append(" = (long long)(").append(names.get(i)).append(");\n");
    }
    Peers.Result check = CProbe.syntaxCheck(gcc, tmp, "probe.c", probe.toString());
    Map<String, String> missing = new HashMap<>();
    Matcher m = DIAGNOSTIC.matcher(check.stderr());
    while (m.find()) {
      int index = Integer.parseInt(m.group(2)) - first;
      if (!m.group(1).endsWith("probe.c") || index < 0 || index >= names.size()) {
        fail("gcc failed on the OpenSSL headers themselves:\n" + check.stderr());
      }
      missing.putIfAbsent(names.get(index), m.group(4));
    }

    // 2. Print the value of every declared name.
    StringBuilder program = new StringBuilder(includes());
    program.append("#include <stdio.h>\nint main(void) {\n");
    for (String name : names) {
      if (!missing.containsKey(name)) {
        program.append("  printf(\"%s=%lld\\n\", \"").append(name);
        program.append("\", (long long)(").append(name).append("));\n");
      }
    }
    program.append("  return 0;\n}\n");
    Map<String, Long> c = new HashMap<>();
    for (String line : CProbe.compileAndRun(gcc, tmp, "values.c", program.toString()).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        c.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).strip()));
      }
    }

    return names.stream()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      if (missing.containsKey(name)) {
                        fail(
                            name
                                + " is not defined by the installed OpenSSL headers: "
                                + missing.get(name));
                      }
                      assertEquals(
                          c.get(name),
                          java.get(name),
                          "Constants." + name + " differs from the installed OpenSSL headers");
                    }));
  }

  /** The int and long constants of {@link Constants}, by name, in declaration order. */
  static Map<String, Long> javaConstants() throws IllegalAccessException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Field f : Constants.class.getDeclaredFields()) {
      int mod = f.getModifiers();
      if (!Modifier.isPublic(mod) || !Modifier.isStatic(mod) || !Modifier.isFinal(mod)) {
        continue;
      }
      if (f.getType() == int.class) {
        out.put(f.getName(), (long) f.getInt(null));
      } else if (f.getType() == long.class) {
        out.put(f.getName(), f.getLong(null));
      }
    }
    return out;
  }

  private static String includes() {
    StringBuilder b = new StringBuilder();
    for (String h : HEADERS) {
      b.append("#include <openssl/").append(h).append(">\n");
    }
    return b.toString();
  }
}
