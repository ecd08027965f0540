package org.jossl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jossl.testing.Peers;

/**
 * Runs the {@code jossl} command as a user does: {@code <repo>/bin/jossl} in a fresh process, on
 * the jars that {@code package} just built ({@code JOSSL_NO_BUILD=1}: the launcher must never run
 * Maven inside the build). Also runs the {@code openssl} command, whose output is compared with
 * jossl's byte for byte.
 */
final class Jossl {
  private Jossl() {}

  /** Bound on every process; a JVM start takes well under a second here. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * Variables that would change what the launcher or the JVM does or prints; removed from the
   * environment the tests inherit, so each test says what it sets.
   */
  private static final List<String> CLEARED =
      List.of(
          "JOSSL_OPENSSL",
          "JOSSL_JAVA_OPTS",
          "JOSSL_NO_BUILD",
          "JAVA_TOOL_OPTIONS",
          "_JAVA_OPTIONS",
          "JDK_JAVA_OPTIONS");

  /** The repository root, from the system property {@code jossl.home} that the POM sets. */
  static Path home() {
    String home = System.getProperty("jossl.home");
    if (home == null) {
      throw new AssertionError("system property jossl.home (the repository root) is not set");
    }
    return Path.of(home).toAbsolutePath().normalize();
  }

  /** {@code <repo>/bin/jossl}. */
  static Path launcher() {
    return home().resolve("bin/jossl");
  }

  /** The outcome of one process. */
  record Run(List<String> command, int exitCode, byte[] out, byte[] err) {
    String stdout() {
      return new String(out, StandardCharsets.UTF_8);
    }

    String stderr() {
      return new String(err, StandardCharsets.UTF_8);
    }

    /** Fails unless the process exited 0 and wrote nothing to stderr. */
    Run requireSuccess() {
      if (exitCode != 0 || err.length != 0) {
        throw new AssertionError(describe("expected exit 0 and an empty stderr"));
      }
      return this;
    }

    /** Fails unless the process exited 0 (stderr may hold progress or warnings of a peer). */
    Run requireExit0() {
      if (exitCode != 0) {
        throw new AssertionError(describe("expected exit 0"));
      }
      return this;
    }

    /**
     * Asserts the failure contract of the jossl command: a non-zero exit, nothing on stdout, and
     * exactly one line on stderr that is no stack trace. Returns that line (without its newline).
     */
    String requireOneLineFailure() {
      String what = describe("expected a one-line failure");
      assertTrue(exitCode != 0, what);
      assertEquals("", stdout(), what);
      String err = stderr();
      assertTrue(err.endsWith("\n"), what);
      String line = err.substring(0, err.length() - 1);
      assertFalse(line.isBlank(), what);
      assertFalse(line.contains("\n") || line.contains("\r"), what);
      assertFalse(line.contains("at org.") || line.contains("Exception"), what);
      assertFalse(line.contains("null"), what); // a message built from a missing value
      return line;
    }

    String describe(String expectation) {
      return expectation
          + ": "
          + command
          + " exited "
          + exitCode
          + "\n--- stdout:\n"
          + stdout()
          + "\n--- stderr:\n"
          + stderr();
    }
  }

  /** Runs {@code bin/jossl args...} in {@code dir}. */
  static Run run(Path dir, String... args) {
    return run(dir, Map.of(), null, args);
  }

  /**
   * Runs {@code bin/jossl args...} in {@code dir} with extra environment variables and standard
   * input (null: none). Asserts what holds for every run: the JDK's restricted-method warning (or
   * any other WARNING) never appears.
   */
  static Run run(Path dir, Map<String, String> env, byte[] stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.addAll(List.of(args));
    Run r = exec(command, env, dir, stdin);
    assertFalse(r.stderr().contains("WARNING"), r.describe("no WARNING on stderr"));
    assertFalse(r.stdout().contains("WARNING"), r.describe("no WARNING on stdout"));
    return r;
  }

  /**
   * Runs {@code bin/jossl} once per argument list, a few at a time (each run is a JVM start, which
   * costs far more than the work it does); returns the runs in the order of {@code argLists}.
   */
  static List<Run> runAll(Path dir, List<List<String>> argLists) {
    int threads = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 4);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<Run>> futures = new ArrayList<>();
      for (List<String> args : argLists) {
        futures.add(pool.submit(() -> run(dir, args.toArray(String[]::new))));
      }
      List<Run> runs = new ArrayList<>();
      for (Future<Run> f : futures) {
        runs.add(f.get());
      }
      return runs;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError a) {
        throw a;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Runs {@code tasks} a few at a time (each is usually a JVM start) and returns their results in
   * order; an assertion failure in one is rethrown as is.
   */
  static <T> List<T> parallel(List<java.util.concurrent.Callable<T>> tasks) {
    int threads = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 4);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<T>> futures = new ArrayList<>();
      for (var t : tasks) {
        futures.add(pool.submit(t));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError a) {
        throw a;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs {@code openssl args...} in {@code dir}; fails unless it exits 0. Returns its stdout. */
  static byte[] openssl(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Peers.openssl());
    command.addAll(List.of(args));
    return exec(command, Map.of(), dir, null).requireExit0().out();
  }

  /** {@link #openssl} as text. */
  static String opensslText(Path dir, String... args) {
    return new String(openssl(dir, args), StandardCharsets.UTF_8);
  }

  /**
   * Runs {@code command} in {@code dir} with {@code JOSSL_NO_BUILD=1} plus {@code env}, bounded by
   * {@link #TIMEOUT}; never inherits our stdin.
   */
  static Run exec(List<String> command, Map<String, String> env, Path dir, byte[] stdin) {
    ProcessBuilder pb = processBuilder(command, env, dir);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e, e);
    }
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    } catch (IOException ignored) {
      // the process did not read its input
    }
    try {
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new AssertionError("interrupted running " + command, e);
    }
    return new Run(List.copyOf(command), p.exitValue(), out.join(), err.join());
  }

  /**
   * A process builder for {@code command} in {@code dir}: the environment without {@link #CLEARED},
   * with {@code JOSSL_NO_BUILD=1} plus {@code env}.
   */
  static ProcessBuilder processBuilder(List<String> command, Map<String, String> env, Path dir) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    CLEARED.forEach(pb.environment()::remove);
    pb.environment().put("JOSSL_NO_BUILD", "1");
    pb.environment().putAll(env);
    return pb;
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Writes {@code text} to {@code dir/name} and returns the path. */
  static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }
}
