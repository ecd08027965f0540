package org.jossl.openssl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jossl.testing.ForkedJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM never crashes, whatever a caller does to the pyOpenSSL face: each scenario runs in a
 * fresh JVM ({@code -XX:ErrorFile} in a temporary directory) and must exit with status 0 and leave
 * no {@code hs_err} file. The scenarios themselves check what each call answered:
 *
 * <ul>
 *   <li>{@link UseAfterCloseMain}: every public method of every closed Context, Connection,
 *       Session, X509, PKey, X509Store, X509Name and Crl, reached by reflection, throws {@link
 *       IllegalStateException}; closed objects passed as arguments are refused; what a closed
 *       parent handed out stays usable.
 *   <li>{@link CallbacksMain}: every handshake callback throwing every kind of exception, or
 *       closing its Connection or Context, on platform and virtual threads.
 *   <li>{@link CloseRaceMain}: {@code close()} racing handshakes, I/O, getters and callbacks, over
 *       memory BIOs and over sockets, on platform and virtual threads.
 *   <li>{@link DeepStackMain}: handshakes with callbacks and passphrase upcalls started with almost
 *       no stack left.
 * </ul>
 *
 * <p>The races run a few seconds each; {@code -Djossl.soak=true} runs each for two minutes, scans
 * the deep-stack edge ten times longer and once more in the interpreter.
 */
class EngineSafetyTest {
  @TempDir Path tmp;

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Test
  void everyMethodOfEveryClosedObjectThrowsAJavaException() throws IOException {
    ForkedJvm.runClean(UseAfterCloseMain.class, tmp, TIMEOUT);
  }

  @Test
  void callbacksThatThrowOrCloseNeverCrash() throws IOException {
    ForkedJvm.runClean(CallbacksMain.class, tmp, TIMEOUT);
  }

  /**
   * Handshakes with callbacks, and passphrase upcalls, started at every depth near a stack
   * overflow, on a platform and a virtual thread.
   */
  @Test
  void upcallsNeverOverflowTheStackWhereNothingCanCatchIt() throws IOException {
    String inARow = ForkedJvm.soak() ? "200" : "20";
    ForkedJvm.runClean(DeepStackMain.class, tmp, TIMEOUT, "platform,virtual", inARow, "256");
  }

  /**
   * As {@link #upcallsNeverOverflowTheStackWhereNothingCanCatchIt()}, interpreted, where the JDK
   * may also spin a LambdaForm inside an upcall (slow: soak runs only).
   */
  @Test
  void upcallsNeverOverflowTheStackInTheInterpreterEither() throws IOException {
    assumeTrue(ForkedJvm.soak(), "-Djossl.soak=true");
    ForkedJvm.runClean(
        DeepStackMain.class, tmp, List.of("-Xint"), TIMEOUT, "platform", "20", "1024");
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "socket"})
  void closeRacingEverythingElseNeverCrashes(String transport) throws IOException {
    String millis = ForkedJvm.soak() ? "120000" : "4000";
    ForkedJvm.runClean(CloseRaceMain.class, tmp, TIMEOUT, transport, millis);
  }
}
