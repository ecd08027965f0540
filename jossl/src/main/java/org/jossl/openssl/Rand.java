package org.jossl.openssl;

import java.lang.foreign.Arena;
import java.util.Objects;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.NativeLibraries;

/**
 * OpenSSL's random number generator: pyOpenSSL's {@code OpenSSL.rand} module (deprecated there
 * since 24.3; the generator seeds itself). Random bytes themselves come from {@code
 * Ssl.randBytes(int)} or {@link java.security.SecureRandom}.
 */
public final class Rand {
  private Rand() {}

  /**
   * Mixes {@code buffer} into the generator's state; {@code entropy} is the caller's estimate, in
   * bytes, of the randomness it holds.
   *
   * <p>pyOpenSSL: {@code OpenSSL.rand.add(buffer, entropy)}. OpenSSL: {@code RAND_add}
   */
  public static void add(byte[] buffer, int entropy) {
    Objects.requireNonNull(buffer, "buffer");
    NativeLibraries.ensureAvailable();
    try (Arena arena = Arena.ofConfined()) {
      LibCrypto.RAND_add(Memory.copy(arena, buffer), buffer.length, entropy);
    }
  }

  /**
   * 1 if the generator has been seeded with enough data, else 0.
   *
   * <p>pyOpenSSL: {@code OpenSSL.rand.status()}. OpenSSL: {@code RAND_status}
   */
  public static int status() {
    NativeLibraries.ensureAvailable();
    return LibCrypto.RAND_status();
  }
}
