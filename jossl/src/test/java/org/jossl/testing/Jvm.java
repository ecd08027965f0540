package org.jossl.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a main class of the test class path in a fresh JVM, for tests that must not share ours. */
public final class Jvm {
  private Jvm() {}

  /** The {@code java} executable of the JVM running the tests. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Runs {@code main} with native access enabled and {@code jvmArgs}, in {@code dir}, and returns
   * its exit code and output.
   */
  public static Peers.Result run(
      Class<?> main,
      List<String> jvmArgs,
      Map<String, String> env,
      Path dir,
      Duration timeout,
      String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return Peers.run(cmd, null, timeout, env, dir);
  }
}
