package org.jossl.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a scenario's main class in a fresh JVM whose fatal error log goes to a known directory, so
 * that a native crash fails the test that provoked it instead of killing the test JVM: an {@code
 * hs_err} file is a defect, whatever the exit status says.
 */
public final class ForkedJvm {
  private ForkedJvm() {}

  /** What a forked run left: its result and the {@code hs_err} files in its directory. */
  public record Outcome(Peers.Result result, List<Path> crashes) {
    /** stdout and stderr, for failure messages. */
    public String output() {
      return result.stdout() + "\n--- stderr ---\n" + result.stderr();
    }
  }

  /**
   * Runs {@code main} with {@code -XX:ErrorFile=<dir>/hs_err_pid%p.log} and {@code jvmArgs}, in
   * {@code dir}, and lists the {@code hs_err} files found there afterwards.
   */
  public static Outcome run(
      Class<?> main, Path dir, List<String> jvmArgs, Duration timeout, String... args)
      throws IOException {
    List<String> all = new ArrayList<>();
    all.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
    all.add("-Xss2m");
    all.addAll(jvmArgs);
    Peers.Result r = Jvm.run(main, all, Map.of(), dir, timeout, args);
    try (Stream<Path> files = Files.list(dir)) {
      return new Outcome(
          r, files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList());
    }
  }

  /**
   * As {@link #run}, and fails unless the JVM exited with status 0 and left no {@code hs_err} file;
   * a crash report is quoted in the failure.
   */
  public static Outcome runClean(Class<?> main, Path dir, Duration timeout, String... args)
      throws IOException {
    return runClean(main, dir, List.of(), timeout, args);
  }

  /** As {@link #runClean(Class, Path, Duration, String...)} with extra JVM options. */
  public static Outcome runClean(
      Class<?> main, Path dir, List<String> jvmArgs, Duration timeout, String... args)
      throws IOException {
    Outcome o = run(main, dir, jvmArgs, timeout, args);
    if (!o.crashes().isEmpty()) {
      StringBuilder b = new StringBuilder("the JVM crashed: " + o.crashes() + "\n");
      try {
        String log = Files.readString(o.crashes().getFirst());
        b.append(log, 0, Math.min(log.length(), 8000)).append("\n");
      } catch (IOException ignored) {
        // the output below still says what happened
      }
      throw new AssertionError(b + o.output());
    }
    if (o.result().exitCode() != 0) {
      throw new AssertionError("exit status " + o.result().exitCode() + "\n" + o.output());
    }
    return o;
  }

  /** Whether the long soak variants run ({@code -Djossl.soak=true}). */
  public static boolean soak() {
    return Boolean.getBoolean("jossl.soak");
  }
}
