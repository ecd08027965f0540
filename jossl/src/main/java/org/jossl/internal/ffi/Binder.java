package org.jossl.internal.ffi;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes the downcall handles of {@link LibCrypto} and {@link LibSsl}: C layouts from the platform's
 * canonical layouts, optional symbol lookup, and one error policy for invoking a handle.
 *
 * <p>A C {@code long} or {@code size_t} is a Java {@code long} in every generated signature; on a
 * platform where the C type is narrower the handle converts, so no code assumes its width.
 */
public final class Binder {
  private Binder() {}

  static final Linker LINKER = Linker.nativeLinker();
  private static final Map<String, MemoryLayout> CANONICAL = LINKER.canonicalLayouts();

  /** C {@code char}. */
  public static final ValueLayout.OfByte C_CHAR = (ValueLayout.OfByte) canonical("char");

  /** C {@code short}. */
  public static final ValueLayout.OfShort C_SHORT = (ValueLayout.OfShort) canonical("short");

  /** C {@code int}. */
  public static final ValueLayout.OfInt C_INT = (ValueLayout.OfInt) canonical("int");

  /** C {@code long}: 64 bits on LP64, 32 on LLP64. */
  public static final ValueLayout C_LONG = canonical("long").withName("long");

  /** C {@code long long}. */
  public static final ValueLayout.OfLong C_LONG_LONG = (ValueLayout.OfLong) canonical("long long");

  /** C {@code double}. */
  public static final ValueLayout.OfDouble C_DOUBLE = (ValueLayout.OfDouble) canonical("double");

  /** C {@code size_t}. */
  public static final ValueLayout C_SIZE_T = canonical("size_t").withName("size_t");

  /** A C pointer whose target is unknown (zero length until reinterpreted). */
  public static final AddressLayout C_POINTER = (AddressLayout) CANONICAL.get("void*");

  static final Linker.Option[] CRITICAL = {Linker.Option.critical(false)};
  static final Linker.Option[] CRITICAL_HEAP = {Linker.Option.critical(true)};
  private static final Linker.Option[] NONE = {};

  /** Library selectors for {@link #bind}. */
  static final int CRYPTO = 0;

  static final int SSL = 1;

  private static final Set<String> MISSING = new TreeSet<>();
  private static final MethodHandle MISSING_FUNCTION;
  private static final MethodHandle UNAVAILABLE_LIBRARY;

  static {
    try {
      var lookup = MethodHandles.lookup();
      MISSING_FUNCTION =
          lookup.findStatic(
              Binder.class, "missingFunction", MethodType.methodType(Object.class, String.class));
      UNAVAILABLE_LIBRARY =
          lookup.findStatic(
              Binder.class, "unavailableLibrary", MethodType.methodType(Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static ValueLayout canonical(String name) {
    return (ValueLayout) CANONICAL.get(name);
  }

  static FunctionDescriptor fn(MemoryLayout result, MemoryLayout... args) {
    return FunctionDescriptor.of(result, args);
  }

  static FunctionDescriptor voidFn(MemoryLayout... args) {
    return FunctionDescriptor.ofVoid(args);
  }

  static MethodHandle bind(int library, String name, FunctionDescriptor descriptor) {
    return bind(library, name, descriptor, NONE);
  }

  /**
   * Returns a handle for {@code name} typed with Java carriers (see the class comment). If OpenSSL
   * is not loaded, or lacks the symbol, the handle throws when invoked instead.
   */
  static MethodHandle bind(
      int library, String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MethodType javaType = javaType(descriptor);
    if (!NativeLibraries.isAvailable()) {
      return thrower(UNAVAILABLE_LIBRARY, javaType);
    }
    Optional<MemorySegment> symbol = NativeLibraries.find(library, name);
    if (symbol.isEmpty()) {
      synchronized (MISSING) {
        MISSING.add(name);
      }
      return thrower(MethodHandles.insertArguments(MISSING_FUNCTION, 0, name), javaType);
    }
    MethodHandle handle = LINKER.downcallHandle(symbol.get(), descriptor, options);
    return MethodHandles.explicitCastArguments(handle, javaType);
  }

  /** Whether the loaded libcrypto or libssl exports {@code symbol}. */
  public static boolean has(String symbol) {
    return NativeLibraries.isAvailable()
        && (NativeLibraries.find(CRYPTO, symbol).isPresent()
            || NativeLibraries.find(SSL, symbol).isPresent());
  }

  /** The address of an exported function, for APIs that take a function pointer (free funcs). */
  public static MemorySegment address(String symbol) {
    NativeLibraries.ensureAvailable();
    return NativeLibraries.find(CRYPTO, symbol)
        .or(() -> NativeLibraries.find(SSL, symbol))
        .orElseThrow(() -> missing(symbol));
  }

  /** Functions that were bound but are absent from the loaded OpenSSL, sorted. */
  public static Set<String> missingFunctions() {
    synchronized (MISSING) {
      return Set.copyOf(MISSING);
    }
  }

  /** The one policy for a throwable escaping {@code invokeExact}: unchecked ones pass through. */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("unexpected checked exception from a native call", t);
  }

  private static MethodType javaType(FunctionDescriptor descriptor) {
    Class<?>[] params =
        descriptor.argumentLayouts().stream().map(Binder::carrier).toArray(Class<?>[]::new);
    Class<?> ret = descriptor.returnLayout().map(Binder::carrier).orElse(void.class);
    return MethodType.methodType(ret, params);
  }

  private static Class<?> carrier(MemoryLayout layout) {
    String name = layout.name().orElse("");
    if (name.equals("long") || name.equals("size_t")) {
      return long.class;
    }
    return ((ValueLayout) layout).carrier();
  }

  private static MethodHandle thrower(MethodHandle thrower, MethodType type) {
    MethodHandle typed =
        MethodHandles.explicitCastArguments(thrower, MethodType.methodType(type.returnType()));
    return MethodHandles.dropArguments(typed, 0, type.parameterList());
  }

  private static UnsupportedOperationException missing(String name) {
    return new UnsupportedOperationException(
        "OpenSSL function "
            + name
            + " is not available in the loaded OpenSSL ("
            + NativeLibraries.versionText()
            + "); the feature that needs it is unavailable");
  }

  private static Object missingFunction(String name) {
    throw missing(name);
  }

  private static Object unavailableLibrary() {
    throw NativeLibraries.unavailable();
  }
}
