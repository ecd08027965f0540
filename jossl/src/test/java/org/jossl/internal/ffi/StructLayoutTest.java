package org.jossl.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jossl.testing.CProbe;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every struct layout in {@link Structs} matches the installed headers: each named field's offset,
 * the struct's size and alignment equal what gcc's {@code offsetof}, {@code sizeof} and {@code
 * _Alignof} say for the C type of the layout's name (whose field names the layout's element names
 * repeat; for a union member such as {@code GENERAL_NAME.d}, {@code offsetof} gives the union's
 * offset). And the bytes reserved for an {@code X509V3_CTX} hold one.
 */
class StructLayoutTest {
  @TestFactory
  Stream<DynamicTest> everyLayoutMatchesTheInstalledHeaders(@TempDir Path tmp) throws Exception {
    if (!CProbe.gccAndHeadersInstalled()) {
      // one skipped test that says why (a factory that aborts is not reported at all)
      return Stream.of(DynamicTest.dynamicTest("gcc and OpenSSL headers", CProbe::gccOrSkip));
    }
    String gcc = CProbe.gccOrSkip();
    List<StructLayout> layouts = layouts();
    assertFalse(layouts.isEmpty(), "Structs has no struct layouts");

    StringBuilder program =
        new StringBuilder(
            "#include <stddef.h>\n#include <stdio.h>\n#include <sys/time.h>\n"
                + "#include <openssl/x509v3.h>\n"
                + "typedef struct timeval TIMEVAL;\n"
                + "int main(void) {\n"
                + "  printf(\"X509V3_CTX=%zu\\n\", sizeof(X509V3_CTX));\n");
    for (StructLayout s : layouts) {
      String type = s.name().orElseThrow();
      print(program, type + ".sizeof", "sizeof(" + type + ")");
      print(program, type + ".alignof", "_Alignof(" + type + ")");
      for (String field : fields(s)) {
        print(program, type + "." + field, "offsetof(" + type + ", " + field + ")");
      }
    }
    program.append("  return 0;\n}\n");
    Map<String, Long> c = new HashMap<>();
    for (String line :
        CProbe.compileAndRun(gcc, tmp, "layouts.c", program.toString()).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        c.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).strip()));
      }
    }

    List<DynamicTest> tests = new ArrayList<>();
    for (StructLayout s : layouts) {
      String type = s.name().orElseThrow();
      tests.add(
          DynamicTest.dynamicTest(
              type,
              () -> {
                List<String> wrong = new ArrayList<>();
                compare(wrong, "sizeof(" + type + ")", s.byteSize(), c.get(type + ".sizeof"));
                compare(
                    wrong, "_Alignof(" + type + ")", s.byteAlignment(), c.get(type + ".alignof"));
                for (String field : fields(s)) {
                  compare(
                      wrong,
                      "offsetof(" + type + ", " + field + ")",
                      Structs.offset(s, field),
                      c.get(type + "." + field));
                }
                if (!wrong.isEmpty()) {
                  fail(
                      "Structs."
                          + type
                          + " differs from the installed headers:\n  "
                          + String.join("\n  ", wrong));
                }
              }));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "X509V3_CTX fits X509V3_CTX_BYTES",
            () ->
                assertTrue(
                    c.get("X509V3_CTX") <= Structs.X509V3_CTX_BYTES,
                    "sizeof(X509V3_CTX) is "
                        + c.get("X509V3_CTX")
                        + " but Structs.X509V3_CTX_BYTES reserves only "
                        + Structs.X509V3_CTX_BYTES)));
    return tests.stream();
  }

  private static void compare(List<String> wrong, String what, long java, Long c) {
    if (c == null || c != java) {
      wrong.add(what + ": C says " + c + ", Structs says " + java);
    }
  }

  private static void print(StringBuilder program, String key, String expression) {
    program.append("  printf(\"").append(key).append("=%zu\\n\", (size_t)(");
    program.append(expression).append("));\n");
  }

  /** The public static struct layouts of {@link Structs}. */
  static List<StructLayout> layouts() throws IllegalAccessException {
    List<StructLayout> out = new ArrayList<>();
    for (Field f : Structs.class.getDeclaredFields()) {
      int mod = f.getModifiers();
      if (Modifier.isStatic(mod) && StructLayout.class.isAssignableFrom(f.getType())) {
        StructLayout s = (StructLayout) f.get(null);
        if (!s.name().equals(java.util.Optional.of(f.getName()))) {
          throw new AssertionError("Structs." + f.getName() + " is named " + s.name());
        }
        out.add(s);
      }
    }
    return out;
  }

  /** The named (non-padding) elements of {@code s}. */
  private static List<String> fields(StructLayout s) {
    return s.memberLayouts().stream()
        .map(MemoryLayout::name)
        .flatMap(java.util.Optional::stream)
        .toList();
  }
}
