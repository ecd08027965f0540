package org.jossl.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jossl.testing.ForkedJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bare engine never crashes the JVM: {@link EngineRaceMain} runs in a fresh JVM (with {@code
 * -XX:ErrorFile} in a temporary directory) and must exit with status 0 and no {@code hs_err} file,
 * while threads call every engine entry point and others close engines and contexts, and handlers
 * close them from inside callbacks. A few seconds; {@code -Djossl.soak=true} runs a minute.
 */
class EngineSafetyTest {
  @TempDir Path tmp;

  @Test
  void closeRacingEveryEngineCallNeverCrashes() throws IOException {
    String millis = ForkedJvm.soak() ? "60000" : "2500";
    ForkedJvm.runClean(EngineRaceMain.class, tmp, Duration.ofMinutes(5), millis);
  }
}
