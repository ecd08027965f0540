package org.jossl.crypto;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jossl.internal.ErrorEntry;
import org.jossl.internal.ErrorQueue;

/**
 * The crypto floor's error policy in two functions, as pyOpenSSL's {@code _util.py} has it: turn
 * the error queue into an exception, and check a return value.
 */
final class Errors {
  private Errors() {}

  /** Drains the queue into a {@link CryptoException}; {@code what} explains an empty queue. */
  static CryptoException fromQueue(String what) {
    return new CryptoException(drain(), what + " failed");
  }

  /** Throws {@link #fromQueue} if {@code ok} is false. */
  static void check(boolean ok, String what) throws CryptoException {
    if (!ok) {
      throw fromQueue(what);
    }
  }

  /** Returns {@code p}, or throws {@link #fromQueue} if it is NULL. */
  static MemorySegment notNull(MemorySegment p, String what) throws CryptoException {
    if (p == null || p.address() == 0) {
      throw fromQueue(what);
    }
    return p;
  }

  /** The queue as public entries. */
  static List<OpenSslError> drain() {
    return ErrorQueue.drain().stream().map(Errors::publicEntry).toList();
  }

  static OpenSslError publicEntry(ErrorEntry e) {
    return new OpenSslError(
        e.code(),
        e.library(),
        e.reason(),
        e.libraryName(),
        e.reasonName(),
        e.libraryText(),
        e.reasonText(),
        e.function(),
        e.file(),
        e.line(),
        e.data());
  }
}
