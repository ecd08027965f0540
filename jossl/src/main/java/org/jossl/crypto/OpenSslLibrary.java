package org.jossl.crypto;

import java.util.EnumMap;
import java.util.Map;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.NativeLibraries;

/**
 * The OpenSSL that jossl loaded: its version, where it came from, and what it can do.
 *
 * <p>jossl loads {@code libcrypto.so.3} and {@code libssl.so.3} by soname, or the libraries named
 * by the system property {@code jossl.openssl} or the environment variable {@code JOSSL_OPENSSL} (a
 * directory holding both, or the two files separated by the path separator). OpenSSL older than 3.0
 * is refused. If nothing usable is found, every jossl call throws {@link IllegalStateException}
 * with a message saying what was tried; {@link #problem()} gives it in advance.
 */
public final class OpenSslLibrary {
  private OpenSslLibrary() {}

  /** Whether a usable OpenSSL 3 was found and initialised. */
  public static boolean isAvailable() {
    return NativeLibraries.isAvailable();
  }

  /** Why OpenSSL is unavailable (what was tried, how to point jossl at a library), or null. */
  public static String problem() {
    return NativeLibraries.problem();
  }

  /**
   * OpenSSL's version text, e.g. {@code "OpenSSL 3.0.19 27 Jan 2026"}.
   *
   * <p>Python: {@code ssl.OPENSSL_VERSION}. OpenSSL: {@code OpenSSL_version(OPENSSL_VERSION)}
   */
  public static String version() {
    NativeLibraries.ensureAvailable();
    return NativeLibraries.versionText();
  }

  /**
   * OpenSSL's version number, e.g. {@code 0x30000130} for 3.0.19.
   *
   * <p>Python: {@code ssl.OPENSSL_VERSION_NUMBER}. OpenSSL: {@code OpenSSL_version_num()}
   */
  public static long versionNumber() {
    return NativeLibraries.versionNumber();
  }

  /** The file libcrypto was loaded from. */
  public static String libcryptoPath() {
    return NativeLibraries.libcryptoPath();
  }

  /** The file libssl was loaded from. */
  public static String libsslPath() {
    return NativeLibraries.libsslPath();
  }

  /** How the libraries were chosen: {@code "soname"} or the override that named them. */
  public static String source() {
    return NativeLibraries.source();
  }

  /** Whether the loaded OpenSSL has {@code capability}. */
  public static boolean has(Capability capability) {
    for (String f : capability.functions()) {
      if (!Binder.has(f)) {
        return false;
      }
    }
    return true;
  }

  /** Every capability and whether the loaded OpenSSL has it. */
  public static Map<Capability, Boolean> capabilities() {
    Map<Capability, Boolean> out = new EnumMap<>(Capability.class);
    for (Capability c : Capability.values()) {
      out.put(c, has(c));
    }
    return out;
  }

  /** Whether the loaded libcrypto or libssl exports the C function {@code name}. */
  public static boolean hasFunction(String name) {
    return Binder.has(name);
  }
}
