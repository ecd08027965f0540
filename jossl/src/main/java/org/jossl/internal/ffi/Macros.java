package org.jossl.internal.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

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

  /**
   * {@code BIO_get_mem_ptr(b, &pp)}: the {@code BUF_MEM} behind a memory BIO (NULL on failure),
   * with {@code pp} an 8-byte slot of the caller's.
   */
  public static MemorySegment BIO_get_mem_ptr(MemorySegment bio, MemorySegment pp) {
    if (LibCrypto.BIO_ctrl(bio, Constants.BIO_C_GET_BUF_MEM_PTR, 0, pp) <= 0) {
      return MemorySegment.NULL;
    }
    return pp.get(ValueLayout.ADDRESS, 0);
  }

  /**
   * {@code BIO_set_mem_buf(b, bm, c)}: gives a memory BIO another {@code BUF_MEM}; with {@code
   * BIO_CLOSE} the BIO frees the one it had and will free this one.
   */
  public static long BIO_set_mem_buf(MemorySegment bio, MemorySegment bufMem, int close) {
    return LibCrypto.BIO_ctrl(bio, Constants.BIO_C_SET_BUF_MEM, close, bufMem);
  }

  /** {@code BIO_pending(b)}. */
  public static long BIO_pending(MemorySegment bio) {
    return LibCrypto.BIO_ctrl_pending(bio);
  }
}
