package org.jossl.internal.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds, loads and initialises libcrypto and libssl, once per JVM.
 *
 * <p>By default the libraries are loaded by soname ({@code libcrypto.so.3}, {@code libssl.so.3}),
 * as the dynamic linker finds them. The system property {@value #PROPERTY} or, if it is unset, the
 * environment variable {@value #ENVIRONMENT} overrides this: either a directory holding both
 * libraries, or the two library files separated by {@link File#pathSeparator}. libcrypto is always
 * loaded first, so a libssl from another directory binds to the libcrypto chosen here.
 *
 * <p>Loading never throws: a failure is remembered as one message ({@link #problem()}) saying what
 * was tried and how to point jossl at a library, and every binding then throws {@link
 * IllegalStateException} with that message.
 *
 * <p>OpenSSL is initialised with {@code OPENSSL_INIT_NO_ATEXIT}: its exit-time cleanup would free
 * objects whose callbacks are Java upcalls while the JVM is shutting down, which aborts the JVM.
 */
public final class NativeLibraries {
  private NativeLibraries() {}

  /** System property naming the OpenSSL to load (directory, or the two files). */
  public static final String PROPERTY = "jossl.openssl";

  /** Environment variable naming the OpenSSL to load, used when {@value #PROPERTY} is unset. */
  public static final String ENVIRONMENT = "JOSSL_OPENSSL";

  /** OpenSSL 3.0.0, the oldest release jossl supports. */
  public static final long MINIMUM_VERSION = 0x3000_0000L;

  private static final long OPENSSL_INIT_LOAD_CRYPTO_STRINGS = 0x0000_0002L;
  private static final long OPENSSL_INIT_NO_ATEXIT = 0x0008_0000L;
  private static final long OPENSSL_INIT_LOAD_SSL_STRINGS = 0x0020_0000L;

  private record Loaded(
      SymbolLookup crypto,
      SymbolLookup ssl,
      String cryptoPath,
      String sslPath,
      long version,
      String versionText,
      String source) {}

  // Declared before the static initialiser that loads OpenSSL: it reads this text when loading
  // fails, and a field declared after it would still be null then.
  private static final String HOW_TO_OVERRIDE =
      "Install OpenSSL 3 (Debian/Ubuntu: apt-get install libssl3), or point jossl at one with -D"
          + PROPERTY
          + "=DIR or "
          + ENVIRONMENT
          + "=DIR (a directory holding libcrypto.so.3 and libssl.so.3), or with the two files"
          + " separated by '"
          + File.pathSeparator
          + "'.";

  private static final Loaded LOADED;
  private static final String PROBLEM;

  static {
    Loaded loaded = null;
    String problem;
    try {
      loaded = load();
      problem = null;
    } catch (LoadException e) {
      problem = e.getMessage();
    } catch (RuntimeException | LinkageError e) {
      problem = "jossl could not load OpenSSL: " + e;
    }
    LOADED = loaded;
    PROBLEM = problem;
  }

  /** Whether OpenSSL 3 was found, loaded and initialised. */
  public static boolean isAvailable() {
    return LOADED != null;
  }

  /** Why OpenSSL is unavailable, or {@code null} if it is available. */
  public static String problem() {
    return PROBLEM;
  }

  /** Throws the load failure, if there was one. */
  public static void ensureAvailable() {
    if (LOADED == null) {
      throw unavailable();
    }
  }

  /** The exception every binding throws when OpenSSL could not be loaded. */
  public static IllegalStateException unavailable() {
    return new IllegalStateException(PROBLEM);
  }

  /** {@code OpenSSL_version_num()} of the loaded libcrypto. */
  public static long versionNumber() {
    ensureAvailable();
    return LOADED.version;
  }

  /** {@code OpenSSL_version(OPENSSL_VERSION)}, e.g. {@code "OpenSSL 3.0.19 27 Jan 2026"}. */
  public static String versionText() {
    return LOADED == null ? "not loaded" : LOADED.versionText;
  }

  /** The file libcrypto was loaded from, as the dynamic linker reports it. */
  public static String libcryptoPath() {
    ensureAvailable();
    return LOADED.cryptoPath;
  }

  /** The file libssl was loaded from, as the dynamic linker reports it. */
  public static String libsslPath() {
    ensureAvailable();
    return LOADED.sslPath;
  }

  /** How the libraries were chosen: "soname", or the override that named them. */
  public static String source() {
    ensureAvailable();
    return LOADED.source;
  }

  static Optional<MemorySegment> find(int library, String name) {
    return (library == Binder.CRYPTO ? LOADED.crypto : LOADED.ssl).find(name);
  }

  private static final class LoadException extends Exception {
    LoadException(String message) {
      super(message, null, false, false);
    }
  }

  private static Loaded load() throws LoadException {
    String property = System.getProperty(PROPERTY);
    String environment = System.getenv(ENVIRONMENT);
    String override = notBlank(property) ? property : notBlank(environment) ? environment : null;
    String source =
        override == null
            ? "soname"
            : (notBlank(property) ? "-D" + PROPERTY : ENVIRONMENT) + "=" + override;
    List<String> cryptoCandidates = new ArrayList<>();
    List<String> sslCandidates = new ArrayList<>();
    if (override != null) {
      resolveOverride(override, source, cryptoCandidates, sslCandidates);
    } else if (isMac()) {
      cryptoCandidates.add("libcrypto.3.dylib");
      sslCandidates.add("libssl.3.dylib");
    } else {
      cryptoCandidates.add("libcrypto.so.3");
      sslCandidates.add("libssl.so.3");
    }
    Arena arena = Arena.global();
    SymbolLookup crypto = open(cryptoCandidates, arena, "libcrypto", source);
    SymbolLookup ssl = open(sslCandidates, arena, "libssl", source);

    MemorySegment versionNum = require(crypto, "OpenSSL_version_num", source);
    long version;
    String versionText;
    try {
      MethodHandle num =
          Binder.LINKER.downcallHandle(versionNum, FunctionDescriptor.of(Binder.C_LONG));
      version = ((Number) num.invoke()).longValue() & 0xFFFF_FFFFL;
      MethodHandle text =
          Binder.LINKER.downcallHandle(
              require(crypto, "OpenSSL_version", source),
              FunctionDescriptor.of(Binder.C_POINTER, JAVA_INT));
      versionText = ((MemorySegment) text.invokeExact(0)).reinterpret(256).getString(0);
    } catch (Throwable t) {
      throw new LoadException("jossl could not ask the loaded libcrypto its version: " + t);
    }
    if (version < MINIMUM_VERSION) {
      throw new LoadException(
          "jossl needs OpenSSL 3.0 or newer, but found "
              + versionText
              + " (via "
              + source
              + "). "
              + HOW_TO_OVERRIDE);
    }
    MemorySegment sslInit = require(ssl, "OPENSSL_init_ssl", source);
    try {
      MethodHandle init =
          Binder.LINKER.downcallHandle(
              sslInit, FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
      int ok =
          (int)
              init.invokeExact(
                  OPENSSL_INIT_NO_ATEXIT
                      | OPENSSL_INIT_LOAD_CRYPTO_STRINGS
                      | OPENSSL_INIT_LOAD_SSL_STRINGS,
                  MemorySegment.NULL);
      if (ok != 1) {
        throw new LoadException(
            "OPENSSL_init_ssl failed for " + versionText + " (via " + source + ")");
      }
    } catch (LoadException e) {
      throw e;
    } catch (Throwable t) {
      throw new LoadException("jossl could not initialise OpenSSL: " + t);
    }
    String cryptoPath = whereIs(versionNum).orElse(cryptoCandidates.getFirst());
    String sslPath = whereIs(sslInit).orElse(sslCandidates.getFirst());
    return new Loaded(crypto, ssl, cryptoPath, sslPath, version, versionText, source);
  }

  private static void resolveOverride(
      String override, String source, List<String> crypto, List<String> ssl) throws LoadException {
    Path path = Path.of(override);
    if (Files.isDirectory(path)) {
      String cryptoName = isMac() ? "libcrypto.3.dylib" : "libcrypto.so.3";
      String sslName = isMac() ? "libssl.3.dylib" : "libssl.so.3";
      Path c = path.resolve(cryptoName);
      Path s = path.resolve(sslName);
      List<String> missing = new ArrayList<>();
      if (!Files.isRegularFile(c)) {
        missing.add(cryptoName);
      }
      if (!Files.isRegularFile(s)) {
        missing.add(sslName);
      }
      if (!missing.isEmpty()) {
        throw new LoadException(
            "jossl: "
                + source
                + " is a directory without "
                + String.join(" and ", missing)
                + ". "
                + HOW_TO_OVERRIDE);
      }
      crypto.add(c.toAbsolutePath().toString());
      ssl.add(s.toAbsolutePath().toString());
      return;
    }
    String[] files = override.split(java.util.regex.Pattern.quote(File.pathSeparator));
    for (String f : files) {
      if (f.isBlank()) {
        continue;
      }
      if (!Files.isRegularFile(Path.of(f))) {
        throw new LoadException(
            "jossl: " + source + " names " + f + ", which is not a file. " + HOW_TO_OVERRIDE);
      }
      String base = Path.of(f).getFileName().toString();
      if (base.contains("libcrypto")) {
        crypto.add(Path.of(f).toAbsolutePath().toString());
      } else if (base.contains("libssl")) {
        ssl.add(Path.of(f).toAbsolutePath().toString());
      }
    }
    if (crypto.size() != 1 || ssl.size() != 1) {
      throw new LoadException(
          "jossl: "
              + source
              + " must name one libcrypto file and one libssl file. "
              + HOW_TO_OVERRIDE);
    }
  }

  private static SymbolLookup open(List<String> candidates, Arena arena, String what, String source)
      throws LoadException {
    List<String> failures = new ArrayList<>();
    for (String candidate : candidates) {
      boolean isPath = candidate.contains(File.separator);
      if (isPath && !looksLikeSharedLibrary(Path.of(candidate))) {
        // dlopen would refuse it too, but HotSpot first prints a multi-line "stack guard"
        // warning to the console for a file that is no ELF object; refuse it before that
        failures.add(candidate + " (not a shared library)");
        continue;
      }
      try {
        return isPath
            ? SymbolLookup.libraryLookup(Path.of(candidate), arena)
            : SymbolLookup.libraryLookup(candidate, arena);
      } catch (IllegalArgumentException e) {
        failures.add(candidate);
      }
    }
    throw new LoadException(
        "jossl could not load "
            + what
            + " (tried "
            + String.join(", ", failures)
            + " via "
            + source
            + "). "
            + HOW_TO_OVERRIDE);
  }

  private static MemorySegment require(SymbolLookup lookup, String name, String source)
      throws LoadException {
    return lookup
        .find(name)
        .orElseThrow(
            () ->
                new LoadException(
                    "jossl: the library found via "
                        + source
                        + " has no "
                        + name
                        + ", so it is not OpenSSL 3. "
                        + HOW_TO_OVERRIDE));
  }

  /** Asks the dynamic linker which file holds {@code symbol} ({@code dladdr}); empty if unknown. */
  private static Optional<String> whereIs(MemorySegment symbol) {
    Optional<MemorySegment> dladdr = Binder.LINKER.defaultLookup().find("dladdr");
    if (dladdr.isEmpty()) {
      return Optional.empty();
    }
    StructLayout info =
        MemoryLayout.structLayout(
            Binder.C_POINTER.withName("dli_fname"),
            Binder.C_POINTER.withName("dli_fbase"),
            Binder.C_POINTER.withName("dli_sname"),
            Binder.C_POINTER.withName("dli_saddr"));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(info);
      MethodHandle handle =
          Binder.LINKER.downcallHandle(
              dladdr.get(), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
      int ok = (int) handle.invokeExact(symbol, out);
      MemorySegment name = out.get(Binder.C_POINTER, 0);
      if (ok == 0 || name.equals(MemorySegment.NULL)) {
        return Optional.empty();
      }
      return Optional.of(name.reinterpret(4096).getString(0));
    } catch (Throwable t) {
      return Optional.empty();
    }
  }

  /** On Linux, whether {@code file} starts with the ELF magic; elsewhere (or unreadable) true. */
  private static boolean looksLikeSharedLibrary(Path file) {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return true;
    }
    try (var in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return Arrays.equals(magic, new byte[] {0x7f, 'E', 'L', 'F'});
    } catch (IOException e) {
      return true; // let the dynamic linker say what is wrong
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static boolean isMac() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
  }
}
