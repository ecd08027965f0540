package org.jossl.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import org.jossl.crypto.Capability;
import org.jossl.crypto.OpenSslLibrary;
import org.junit.jupiter.api.Test;

/** Optional symbol lookup: a function the loaded OpenSSL lacks disables a feature, not the JVM. */
class BinderTest {
  @Test
  void aMissingFunctionThrowsWhenCalledAndIsReported() throws Throwable {
    MethodHandle h =
        Binder.bind(
            Binder.CRYPTO, "jossl_no_such_function", Binder.fn(Binder.C_INT, Binder.C_LONG));
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () -> {
              int unused = (int) h.invokeExact(1L);
            });
    assertTrue(e.getMessage().contains("jossl_no_such_function"), e.getMessage());
    assertTrue(e.getMessage().contains(NativeLibraries.versionText()), e.getMessage());
    assertTrue(Binder.missingFunctions().contains("jossl_no_such_function"));
    assertFalse(Binder.has("jossl_no_such_function"));
  }

  @Test
  void aPresentFunctionIsCalled() {
    assertTrue(Binder.has("OpenSSL_version_num"));
    assertEquals(NativeLibraries.versionNumber(), LibCrypto.OpenSSL_version_num() & 0xFFFF_FFFFL);
  }

  @Test
  void capabilitiesFollowTheExportedSymbols() {
    for (Capability c : Capability.values()) {
      boolean all = c.functions().stream().allMatch(Binder::has);
      assertEquals(all, OpenSslLibrary.has(c), c.name());
    }
    // SSL_get0_group_name arrived in OpenSSL 3.2: the capability must follow the version
    boolean is32 = NativeLibraries.versionNumber() >= 0x3020_0000L;
    assertEquals(is32, OpenSslLibrary.has(Capability.GROUP_NAME));
  }
}
