package org.jossl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;
import org.junit.jupiter.api.Test;

/** Draining OpenSSL's error queue into typed entries. */
class ErrorQueueTest {
  private static void failPemRead() {
    try (Arena arena = Arena.ofConfined()) {
      byte[] garbage = "not a certificate".getBytes();
      MemorySegment bio = LibCrypto.BIO_new_mem_buf(Memory.copy(arena, garbage), garbage.length);
      try {
        MemorySegment x =
            LibCrypto.PEM_read_bio_X509(
                bio, MemorySegment.NULL, Passphrases.CALLBACK, MemorySegment.NULL);
        assertTrue(Memory.isNull(x));
      } finally {
        LibCrypto.BIO_free(bio);
      }
    }
  }

  @Test
  void drainTakesEveryEntryWithLibraryReasonTextsAndLocation() {
    failPemRead();
    assertTrue(!ErrorQueue.isEmpty());
    List<ErrorEntry> entries = ErrorQueue.drain();
    assertTrue(ErrorQueue.isEmpty(), "the queue must be empty after a drain");
    assertTrue(!entries.isEmpty());
    ErrorEntry last = entries.getLast();
    assertEquals(Constants.ERR_LIB_PEM, last.library());
    assertEquals("PEM", last.libraryName());
    assertEquals("NO_START_LINE", last.reasonName());
    assertEquals(Memory.cString(LibCrypto.ERR_reason_error_string(last.code())), last.reasonText());
    assertEquals(Memory.cString(LibCrypto.ERR_lib_error_string(last.code())), last.libraryText());
    assertNotNull(last.file());
    assertTrue(last.line() > 0);
  }

  @Test
  void systemErrorsCarryTheErrno() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment store = LibCrypto.X509_STORE_new();
      try {
        int ok =
            LibCrypto.X509_STORE_load_file(
                store, Memory.cString(arena, "/nonexistent/jossl-no-such-file.pem"));
        assertEquals(0, ok);
      } finally {
        LibCrypto.X509_STORE_free(store);
      }
    }
    List<ErrorEntry> entries = ErrorQueue.drain();
    ErrorEntry sys =
        entries.stream()
            .filter(e -> (e.code() & Constants.ERR_SYSTEM_FLAG) != 0)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no system error in " + entries));
    assertEquals(Constants.ERR_LIB_SYS, sys.library());
    assertEquals(2, sys.reason(), "ENOENT");
    assertEquals("SYS", sys.libraryName());
  }

  @Test
  void emptyQueueDrainsToNothing() {
    ErrorQueue.clear();
    assertEquals(List.of(), ErrorQueue.drain());
    assertEquals(0, ErrorQueue.peekLast());
  }
}
