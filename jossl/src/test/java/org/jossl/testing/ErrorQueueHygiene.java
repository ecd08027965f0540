package org.jossl.testing;

import org.jossl.internal.ErrorEntry;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.ffi.NativeLibraries;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves entries on OpenSSL's error queue of the test thread: no error may
 * outlive the call that raised it (DESIGN.md, native calls rule 5). Registered for every test by
 * JUnit's extension auto-detection.
 */
public final class ErrorQueueHygiene implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) {
    if (!NativeLibraries.isAvailable()) {
      return;
    }
    var left = ErrorQueue.drain();
    if (!left.isEmpty()) {
      StringBuilder b = new StringBuilder("OpenSSL's error queue is not empty after the test:");
      for (ErrorEntry e : left) {
        b.append("\n  ")
            .append(e.libraryName())
            .append(": ")
            .append(e.reasonName())
            .append(" ")
            .append(e.reasonText())
            .append(" (")
            .append(e.file())
            .append(':')
            .append(e.line())
            .append(')');
      }
      throw new AssertionError(b.toString());
    }
  }
}
