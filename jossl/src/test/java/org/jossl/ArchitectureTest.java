package org.jossl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps DESIGN.md's floors true in the compiled library ({@code target/classes}), with the JDK's
 * class-file API and no other dependency:
 *
 * <ul>
 *   <li>only {@code org.jossl.internal.ffi} touches native code: no other class invokes a {@code
 *       MethodHandle}, holds one in a field, or uses {@code Linker} or {@code SymbolLookup};
 *   <li>data flows down the floors {@code internal.ffi < internal < crypto < openssl | ssl}, never
 *       up, and the two faces {@code openssl} and {@code ssl} do not use each other;
 *   <li>the module {@code org.jossl} exports no internal package and requires only java.base.
 * </ul>
 *
 * Each failure lists the offending class and what it references.
 */
class ArchitectureTest {
  static final String FFI = "org.jossl.internal.ffi";

  /**
   * The floors, lowest first; a package belongs to the longest prefix that names it (a package or
   * its subpackages). Packages on the same floor are siblings that must not use each other.
   */
  static final List<List<String>> FLOORS =
      List.of(
          List.of(FFI),
          List.of("org.jossl.internal"),
          List.of("org.jossl.crypto"),
          List.of("org.jossl.openssl", "org.jossl.ssl"));

  private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+)[;<]");

  static Path classes;
  static List<ClassModel> models;

  @BeforeAll
  static void readClasses() throws IOException, URISyntaxException {
    Path testClasses =
        Path.of(ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    classes = testClasses.resolveSibling("classes");
    if (!Files.isDirectory(classes.resolve("org/jossl"))) {
      throw new AssertionError("no compiled library classes in " + classes);
    }
    try (Stream<Path> files = Files.walk(classes)) {
      models =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .filter(p -> !p.getFileName().toString().equals("module-info.class"))
              .sorted()
              .map(ArchitectureTest::parse)
              .toList();
    }
    assertFalse(models.isEmpty(), "no classes in " + classes);
  }

  private static ClassModel parse(Path file) {
    try {
      return ClassFile.of().parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- (a) native code only in internal.ffi

  @Test
  void onlyFfiInvokesMethodHandles() {
    List<String> violations = new ArrayList<>();
    for (ClassModel c : models) {
      if (inPackage(packageOf(c), FFI)) {
        continue;
      }
      for (MethodModel m : c.methods()) {
        m.code()
            .ifPresent(
                code -> {
                  for (var element : code) {
                    if (element instanceof InvokeInstruction i
                        && i.owner().asInternalName().equals("java/lang/invoke/MethodHandle")
                        && i.name().stringValue().startsWith("invoke")) {
                      violations.add(
                          name(c)
                              + "."
                              + m.methodName().stringValue()
                              + " calls MethodHandle."
                              + i.name().stringValue());
                    }
                  }
                });
      }
      for (FieldModel f : c.fields()) {
        if (f.fieldType().stringValue().contains("Ljava/lang/invoke/MethodHandle;")) {
          violations.add(name(c) + " has the MethodHandle field " + f.fieldName().stringValue());
        }
      }
    }
    assertNone("method handles outside " + FFI, violations);
  }

  @Test
  void onlyFfiUsesTheLinker() {
    List<String> violations = new ArrayList<>();
    for (ClassModel c : models) {
      if (inPackage(packageOf(c), FFI)) {
        continue;
      }
      for (String ref : references(c)) {
        if (ref.equals("java.lang.foreign.Linker")
            || ref.startsWith("java.lang.foreign.Linker$")
            || ref.equals("java.lang.foreign.SymbolLookup")) {
          violations.add(name(c) + " -> " + ref);
        }
      }
    }
    assertNone("Linker/SymbolLookup outside " + FFI, violations);
  }

  // ---- (b) floors

  @Test
  void dataFlowsDownTheFloors() {
    List<String> violations = new ArrayList<>();
    for (ClassModel c : models) {
      String from = floorPackage(packageOf(c));
      if (from == null) {
        violations.add(
            name(c)
                + " is in package "
                + packageOf(c)
                + ", on no floor of ArchitectureTest.FLOORS");
        continue;
      }
      for (String ref : references(c)) {
        if (!ref.startsWith("org.jossl.")) {
          continue;
        }
        String to = floorPackage(packageOf(ref));
        if (to == null || to.equals(from)) {
          continue; // an unknown package is reported as a class of its own
        }
        int a = floor(from);
        int b = floor(to);
        if (b > a) {
          violations.add(name(c) + " -> " + ref + "  (" + from + " is below " + to + ")");
        } else if (b == a) {
          violations.add(name(c) + " -> " + ref + "  (" + from + " and " + to + " are siblings)");
        }
      }
    }
    assertNone("references up or across the floors", violations);
  }

  // ---- (c) the module

  @Test
  void moduleExportsNoInternalsAndRequiresOnlyJavaBase() throws IOException {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("org.jossl", d.name(), "the module's name");
    List<String> violations = new ArrayList<>();
    if (d.isOpen()) {
      violations.add("module " + d.name() + " is open (it opens its internal packages)");
    }
    for (ModuleDescriptor.Exports e : d.exports()) {
      if (inPackage(e.source(), "org.jossl.internal")) {
        violations.add("module-info exports " + e);
      }
    }
    for (ModuleDescriptor.Opens o : d.opens()) {
      if (inPackage(o.source(), "org.jossl.internal")) {
        violations.add("module-info opens " + o);
      }
    }
    for (ModuleDescriptor.Requires r : d.requires()) {
      if (!r.name().equals("java.base")) {
        violations.add("module-info requires " + r);
      }
    }
    assertNone("module org.jossl", violations);
  }

  // ---- helpers

  private static void assertNone(String rule, List<String> violations) {
    if (!violations.isEmpty()) {
      fail(rule + " (" + violations.size() + "):\n  " + String.join("\n  ", violations));
    }
  }

  /**
   * Every class {@code c} references, as binary names: classes in its constant pool and classes in
   * the descriptors and generic signatures of its fields, methods, calls and annotations (every
   * UTF-8 entry that is not a string literal).
   */
  static Set<String> references(ClassModel c) {
    Set<String> out = new TreeSet<>();
    Map<PoolEntry, Boolean> literals = new IdentityHashMap<>();
    for (PoolEntry e : c.constantPool()) {
      if (e instanceof StringEntry s) {
        literals.put(s.utf8(), Boolean.TRUE);
      }
    }
    for (PoolEntry e : c.constantPool()) {
      if (e instanceof ClassEntry ce) {
        String n = ce.asInternalName();
        if (n.startsWith("[")) {
          addDescriptor(out, n);
        } else {
          out.add(n.replace('/', '.'));
        }
      } else if (e instanceof Utf8Entry u && !literals.containsKey(u)) {
        addDescriptor(out, u.stringValue());
      }
    }
    out.remove(name(c));
    return Collections.unmodifiableSet(out);
  }

  private static void addDescriptor(Set<String> out, String descriptor) {
    Matcher m = DESCRIPTOR_CLASS.matcher(descriptor);
    while (m.find()) {
      out.add(m.group(1).replace('/', '.'));
    }
  }

  static String name(ClassModel c) {
    return c.thisClass().asInternalName().replace('/', '.');
  }

  static String packageOf(ClassModel c) {
    return packageOf(name(c));
  }

  static String packageOf(String binaryName) {
    int dot = binaryName.lastIndexOf('.');
    return dot < 0 ? "" : binaryName.substring(0, dot);
  }

  static boolean inPackage(String pkg, String root) {
    return pkg.equals(root) || pkg.startsWith(root + ".");
  }

  /** The floor package {@code pkg} belongs to (the longest matching prefix), or null. */
  static String floorPackage(String pkg) {
    String best = null;
    for (List<String> floor : FLOORS) {
      for (String root : floor) {
        if (inPackage(pkg, root) && (best == null || root.length() > best.length())) {
          best = root;
        }
      }
    }
    return best;
  }

  private static int floor(String floorPackage) {
    for (int i = 0; i < FLOORS.size(); i++) {
      if (FLOORS.get(i).contains(floorPackage)) {
        return i;
      }
    }
    throw new IllegalArgumentException(floorPackage);
  }
}
