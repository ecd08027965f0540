package org.jossl.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jossl.testing.ExitWithLiveObjects;
import org.jossl.testing.Jvm;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that exits with live OpenSSL objects and passphrase upcalls in flight must exit cleanly:
 * OpenSSL is initialised with OPENSSL_INIT_NO_ATEXIT, so its exit-time cleanup never runs a Java
 * upcall in a dying JVM.
 */
class ExitSafetyTest {
  @TempDir Path tmp;

  @RepeatedTest(4)
  void exitWithLiveObjectsAndUpcallsInFlightIsClean() throws IOException {
    Peers.Result r =
        Jvm.run(
            ExitWithLiveObjects.class,
            List.of("-XX:ErrorFile=" + tmp.resolve("hs_err_pid%p.log")),
            Map.of(),
            tmp,
            Duration.ofSeconds(90),
            "400");
    try (Stream<Path> files = Files.list(tmp)) {
      List<Path> crashes =
          files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
      assertEquals(List.of(), crashes, "the JVM crashed:\n" + r.stdout() + r.stderr());
    }
    assertEquals(0, r.exitCode(), r.stderr());
  }
}
