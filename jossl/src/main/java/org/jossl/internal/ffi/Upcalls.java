package org.jossl.internal.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Makes the C function pointers OpenSSL calls back through. Each callback type gets one stub for
 * the life of the JVM (DESIGN.md, native calls rule 7); the Java target finds its owner through
 * OpenSSL's ex_data or the {@code void *arg} OpenSSL passes back, never through a per-object stub.
 *
 * <p>Targets must catch everything: an exception unwinding into OpenSSL kills the JVM.
 */
public final class Upcalls {
  private Upcalls() {}

  /** {@code int pem_password_cb(char *buf, int size, int rwflag, void *userdata)}. */
  public static final FunctionDescriptor PEM_PASSWORD_CB =
      FunctionDescriptor.of(
          Binder.C_INT, Binder.C_POINTER, Binder.C_INT, Binder.C_INT, Binder.C_POINTER);

  /**
   * A stub calling the static method {@code owner.name}, whose Java signature matches {@code
   * descriptor} (C {@code long}/{@code size_t} as Java {@code long}). Returns NULL when OpenSSL is
   * unavailable, so callers fail on the downcall instead.
   *
   * @param lookup a lookup with access to the target, from the target's class
   */
  public static MemorySegment stub(
      MethodHandles.Lookup lookup, Class<?> owner, String name, FunctionDescriptor descriptor) {
    if (!NativeLibraries.isAvailable()) {
      return MemorySegment.NULL;
    }
    try {
      var type =
          MethodType.methodType(
              descriptor.returnLayout().map(Upcalls::carrier).orElse(void.class),
              descriptor.argumentLayouts().stream().map(Upcalls::carrier).toArray(Class<?>[]::new));
      var target = lookup.findStatic(owner, name, type);
      var native_ = descriptor.toMethodType();
      return Binder.LINKER.upcallStub(
          MethodHandles.explicitCastArguments(target, native_), descriptor, Arena.global());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("bad upcall target " + owner.getName() + "." + name, e);
    }
  }

  /**
   * Levels of {@link #probe} before a TLS call; see {@link #ensureStack()}. Measured on JDK 25 and
   * OpenSSL 3.0 by handshaking with every callback installed at every depth near a stack overflow
   * (EngineSafetyTest's deep-stack scenario): 32 levels still let an upcall overflow at its entry,
   * 64 never did, compiled or interpreted (where the JDK may also spin a LambdaForm inside the
   * upcall). Four times that is kept.
   */
  private static final int TLS_LEVELS = 256;

  /**
   * Levels of {@link #probe} before reading PEM, whose passphrase upcall comes from deep inside
   * OpenSSL's recursive decoder chain: 128 levels let it overflow, 192 did not; 1024 are kept (PEM
   * is never on a hot path).
   */
  private static final int DECODER_LEVELS = 1024;

  /**
   * Makes sure the calling thread has stack to spare for a TLS call that may call back into Java,
   * and throws {@link StackOverflowError} here, in Java, if it has not.
   *
   * <p>Every Java frame checks on entry that a shadow zone of stack (StackShadowPages, 80 KiB on
   * Linux x64) lies free below it, so that native code it calls has room. An upcall's first Java
   * frame makes the same check, but lower down: below the native frames of OpenSSL between the
   * downcall and the upcall. With less stack than that left, the overflow happens at the upcall's
   * entry, where nothing can catch it, and the JVM aborts ("Unrecoverable uncaught exception").
   * Recursing some frames deeper than the downcall before making it proves that the upcall's frames
   * will fit. It costs about a microsecond, so the engine pays it only when a Java handler may run.
   */
  public static void ensureStack() {
    probe(TLS_LEVELS);
  }

  /**
   * As {@link #ensureStack()}, before a call that may ask for a passphrase while decoding PEM
   * (OpenSSL's decoders recurse deeply before the upcall).
   */
  public static void ensureDeepStack() {
    probe(DECODER_LEVELS);
  }

  private static void probe(int levels) {
    if (probe(levels, 1, 2, 3, 4) == 42) {
      Thread.onSpinWait(); // never true; keeps the result observable
    }
  }

  private static long probe(int n, long a, long b, long c, long d) {
    if (n <= 0) {
      return a + b + c + d;
    }
    // a, b, c and d are live across the call, so each level keeps a real frame
    return probe(n - 1, a + 1, b + a, c + b, d + c) ^ a ^ b ^ c ^ d;
  }

  private static Class<?> carrier(MemoryLayout layout) {
    String n = layout.name().orElse("");
    if (n.equals("long") || n.equals("size_t")) {
      return long.class;
    }
    return ((java.lang.foreign.ValueLayout) layout).carrier();
  }
}
