package org.jossl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Macros;
import org.jossl.internal.ffi.Memory;

/**
 * OpenSSL's thread-local error queue: drained whole into {@link ErrorEntry}s after a failure, and
 * cleared before calls whose outcome is read from it (DESIGN.md, native calls rules 4 and 5).
 */
public final class ErrorQueue {
  private ErrorQueue() {}

  /** Bound on entries taken per drain; OpenSSL keeps at most 16 per thread. */
  private static final int MAX_ENTRIES = 64;

  /** Takes every entry off this thread's queue, oldest first. The queue is empty afterwards. */
  public static List<ErrorEntry> drain() {
    List<ErrorEntry> entries = new ArrayList<>(4);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment file = Memory.pointerSlot(arena);
      MemorySegment func = Memory.pointerSlot(arena);
      MemorySegment data = Memory.pointerSlot(arena);
      MemorySegment line = arena.allocate(Binder.C_INT);
      MemorySegment flags = arena.allocate(Binder.C_INT);
      for (int i = 0; i < MAX_ENTRIES; i++) {
        long code = LibCrypto.ERR_get_error_all(file, line, func, data, flags);
        if (code == 0) {
          break;
        }
        entries.add(
            entry(
                code,
                Memory.cString(Memory.pointer(file)),
                line.get(Binder.C_INT, 0),
                Memory.cString(Memory.pointer(func)),
                (flags.get(Binder.C_INT, 0) & Constants.ERR_TXT_STRING) != 0
                    ? Memory.cString(Memory.pointer(data))
                    : null));
      }
    }
    LibCrypto.ERR_clear_error();
    return entries;
  }

  /** Empties this thread's queue. */
  public static void clear() {
    LibCrypto.ERR_clear_error();
  }

  /** The newest entry's code without removing it, or 0 ({@code ERR_peek_last_error}). */
  public static long peekLast() {
    return LibCrypto.ERR_peek_last_error();
  }

  /** Whether this thread's queue is empty. */
  public static boolean isEmpty() {
    return LibCrypto.ERR_peek_error() == 0;
  }

  /** An entry for a packed code, with the texts and mnemonics OpenSSL and Python give it. */
  public static ErrorEntry entry(long code, String file, int line, String function, String data) {
    int library = Macros.ERR_GET_LIB(code);
    int reason = Macros.ERR_GET_REASON(code);
    return new ErrorEntry(
        code,
        library,
        reason,
        ErrorNames.library(library),
        ErrorNames.reason(library, reason),
        Memory.cString(LibCrypto.ERR_lib_error_string(code)),
        Memory.cString(LibCrypto.ERR_reason_error_string(code)),
        function == null ? "" : function,
        file,
        line,
        data == null || data.isEmpty() ? null : data);
  }
}
