package org.jossl.ssl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Memory;

/** Describing an OpenSSL {@code SSL_CIPHER} as Python does. */
final class Ciphers {
  private Ciphers() {}

  /** Python's {@code cipher_to_tuple}. */
  static CipherInfo info(MemorySegment cipher) {
    return new CipherInfo(
        Memory.cString(LibSsl.SSL_CIPHER_get_name(cipher)),
        Memory.cString(LibSsl.SSL_CIPHER_get_version(cipher)),
        LibSsl.SSL_CIPHER_get_bits(cipher, MemorySegment.NULL));
  }

  /** Python's {@code cipher_to_dict}. */
  static CipherDetails details(MemorySegment cipher) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(512);
      String description = Memory.cString(LibSsl.SSL_CIPHER_description(cipher, buf, 512));
      if (description != null && description.endsWith("\n")) {
        description = description.substring(0, description.length() - 1);
      }
      MemorySegment algBits = arena.allocate(org.jossl.internal.ffi.Binder.C_INT);
      int strength = LibSsl.SSL_CIPHER_get_bits(cipher, algBits);
      return new CipherDetails(
          LibSsl.SSL_CIPHER_get_id(cipher) & 0xFFFF_FFFFL,
          Memory.cString(LibSsl.SSL_CIPHER_get_name(cipher)),
          Memory.cString(LibSsl.SSL_CIPHER_get_version(cipher)),
          description,
          strength,
          algBits.get(org.jossl.internal.ffi.Binder.C_INT, 0),
          LibSsl.SSL_CIPHER_is_aead(cipher) == 1,
          longName(LibSsl.SSL_CIPHER_get_cipher_nid(cipher)),
          longName(LibSsl.SSL_CIPHER_get_digest_nid(cipher)),
          longName(LibSsl.SSL_CIPHER_get_kx_nid(cipher)),
          longName(LibSsl.SSL_CIPHER_get_auth_nid(cipher)));
    }
  }

  private static String longName(int nid) {
    return nid == Constants.NID_undef ? null : Memory.cString(LibCrypto.OBJ_nid2ln(nid));
  }
}
