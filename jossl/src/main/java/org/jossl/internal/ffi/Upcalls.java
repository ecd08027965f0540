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

  private static Class<?> carrier(MemoryLayout layout) {
    String n = layout.name().orElse("");
    if (n.equals("long") || n.equals("size_t")) {
      return long.class;
    }
    return ((java.lang.foreign.ValueLayout) layout).carrier();
  }
}
