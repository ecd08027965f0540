package org.jossl.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jossl.testing.ExitWithLiveObjects;
import org.jossl.testing.Jvm;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that exits with live OpenSSL objects and upcalls in flight must exit cleanly: OpenSSL is
 * initialised with OPENSSL_INIT_NO_ATEXIT, so its exit-time cleanup never runs a Java upcall in a
 * dying JVM nor frees what other threads are still using. Without that flag these runs end in an
 * {@code hs_err} file (see NativeLibraries).
 */
class ExitSafetyTest {
  @TempDir Path tmp;

  private Peers.Result exit(String... args) throws IOException {
    Peers.Result r =
        Jvm.run(
            ExitWithLiveObjects.class,
            List.of("-XX:ErrorFile=" + tmp.resolve("hs_err_pid%p.log")),
            Map.of(),
            tmp,
            Duration.ofSeconds(90),
            args);
    try (Stream<Path> files = Files.list(tmp)) {
      List<Path> crashes =
          files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
      assertEquals(List.of(), crashes, "the JVM crashed:\n" + r.stdout() + r.stderr());
    }
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    return r;
  }

  @RepeatedTest(3)
  void exitWithLiveObjectsAndUpcallsInFlightIsClean() throws IOException {
    exit("400");
  }

  /**
   * Handshakes with every kind of callback on six platform and virtual threads when {@code
   * System.exit} comes; the exit lands at a different point of the handshakes each time.
   */
  @RepeatedTest(3)
  void exitDuringHandshakesWithEveryCallbackIsClean(RepetitionInfo rep) throws IOException {
    Peers.Result r = exit(String.valueOf(37 * rep.getCurrentRepetition()), "handshakes");
    Matcher m = Pattern.compile("upcalls before exit: (\\d+)").matcher(r.stdout());
    assertTrue(m.find(), r.stdout());
    // the exit must have come while callbacks were running, not before any
    assertTrue(Long.parseLong(m.group(1)) > 0, r.stdout());
  }
}
