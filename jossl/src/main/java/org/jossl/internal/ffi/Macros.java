package org.jossl.internal.ffi;

import java.lang.foreign.MemorySegment;

/**
 * OpenSSL's function-like macros, rebuilt in one place over the exported functions they expand to
 * ({@code BIO_ctrl}, {@code SSL_CTX_ctrl}, …) with their command numbers from {@link Constants}.
 * The names are the C macro names.
 */
public final class Macros {
  private Macros() {}

  // ---- err.h: ERR_GET_LIB, ERR_GET_REASON, ERR_SYSTEM_ERROR (static inline in OpenSSL 3)

  /** {@code ERR_SYSTEM_ERROR(e)}: the error packs an errno, not a library reason. */
  public static boolean ERR_SYSTEM_ERROR(long e) {
    return (e & Constants.ERR_SYSTEM_FLAG) != 0;
  }

  /** {@code ERR_GET_LIB(e)}. */
  public static int ERR_GET_LIB(long e) {
    if (ERR_SYSTEM_ERROR(e)) {
      return Constants.ERR_LIB_SYS;
    }
    return (int) ((e >>> Constants.ERR_LIB_OFFSET) & Constants.ERR_LIB_MASK);
  }

  /** {@code ERR_GET_REASON(e)}: for system errors the errno; else the reason with its flags. */
  public static int ERR_GET_REASON(long e) {
    if (ERR_SYSTEM_ERROR(e)) {
      return (int) (e & Constants.ERR_SYSTEM_MASK);
    }
    return (int) (e & Constants.ERR_REASON_MASK);
  }

  // ---- bio.h

  /** {@code BIO_get_mem_data(b, pp)}: the length of a memory BIO's data, its address in pp. */
  public static long BIO_get_mem_data(MemorySegment bio, MemorySegment pp) {
    return LibCrypto.BIO_ctrl(bio, Constants.BIO_CTRL_INFO, 0, pp);
  }

  /** {@code BIO_reset(b)}. */
  public static int BIO_reset(MemorySegment bio) {
    return (int) LibCrypto.BIO_ctrl(bio, Constants.BIO_CTRL_RESET, 0, MemorySegment.NULL);
  }

  /** {@code BIO_set_mem_eof_return(b, v)}: what a read of an empty memory BIO returns. */
  public static int BIO_set_mem_eof_return(MemorySegment bio, int v) {
    return (int)
        LibCrypto.BIO_ctrl(bio, Constants.BIO_C_SET_BUF_MEM_EOF_RETURN, v, MemorySegment.NULL);
  }

  /** {@code BIO_pending(b)}. */
  public static long BIO_pending(MemorySegment bio) {
    return LibCrypto.BIO_ctrl_pending(bio);
  }
}
