package org.jossl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real peers tests compare jossl with: upstream CPython ({@code python3} first on PATH, the
 * oracle for Python's {@code ssl}), Debian's system Python with pyOpenSSL, the {@code openssl}
 * command, and gcc. All are installed by {@code bin/setup-test-peers}; a missing one fails the test
 * with a message saying so.
 */
public final class Peers {
  private Peers() {}

  /** The result of running a command. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Fails unless the command exited 0. */
    public Result requireSuccess(String what) {
      if (exitCode != 0) {
        throw new AssertionError(
            what + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return this;
    }
  }

  /** Upstream CPython, the reference for Python's {@code ssl}: the first python3 on PATH. */
  public static String python() {
    return onPath("python3");
  }

  /** A Python with pyOpenSSL: Debian's system Python. */
  public static String pyOpenSslPython() {
    Path system = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(system)) {
      throw new AssertionError("/usr/bin/python3 is missing; run bin/setup-test-peers");
    }
    return system.toString();
  }

  /** The openssl command. */
  public static String openssl() {
    return onPath("openssl");
  }

  /** gcc, or null if it is not installed (tests that need it are skipped then). */
  public static String gccOrNull() {
    return findOnPath("gcc");
  }

  private static String onPath(String name) {
    String p = findOnPath(name);
    if (p == null) {
      throw new AssertionError(name + " is not on PATH; run bin/setup-test-peers");
    }
    return p;
  }

  private static String findOnPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /** The module the peer scripts share ({@code import peer_json}), copied beside each script. */
  private static final String SHARED_MODULE = "peer_json.py";

  /**
   * Copies the test resource {@code peers/NAME} to a temporary file and returns its path; the
   * scripts' shared module goes beside it (Python finds it in the script's own folder).
   */
  public static Path script(String name) {
    try {
      Path dir =
          Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "jossl-peers"));
      Path shared = Files.createTempFile(dir, "peer_json-", ".tmp");
      Files.write(shared, resource(SHARED_MODULE));
      // whole or not at all: another JVM may start a script from this folder meanwhile
      Files.move(
          shared,
          dir.resolve(SHARED_MODULE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      Path file = Files.createTempFile(dir, name.replace(".py", "-"), ".py");
      Files.write(file, resource(name));
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = Peers.class.getResourceAsStream("/peers/" + name)) {
      if (in == null) {
        throw new AssertionError("no test resource peers/" + name);
      }
      return in.readAllBytes();
    }
  }

  /** Runs {@code command} with a timeout, feeding {@code stdin}; never inherits our stdin. */
  public static Result run(List<String> command, byte[] stdin, Duration timeout) {
    return run(command, stdin, timeout, Map.of(), null);
  }

  /** Runs {@code command} with extra environment variables, in {@code dir} (null: ours). */
  public static Result run(
      List<String> command, byte[] stdin, Duration timeout, Map<String, String> env, Path dir) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    try {
      Process p = pb.start();
      CompletableFuture<byte[]> out =
          CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      try (var stdinStream = p.getOutputStream()) {
        if (stdin != null) {
          stdinStream.write(stdin);
        }
      } catch (IOException ignored) {
        // the process did not read its input
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + timeout);
      }
      return new Result(
          p.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Runs a peer script from the test resources with upstream CPython. */
  public static Result python(String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of(python(), script(script).toString()));
    cmd.addAll(List.of(args));
    return run(cmd, null, Duration.ofMinutes(2)).requireSuccess(script);
  }

  /** Runs a peer script from the test resources with the pyOpenSSL Python. */
  public static Result pyOpenSsl(String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of(pyOpenSslPython(), script(script).toString()));
    cmd.addAll(List.of(args));
    return run(cmd, null, Duration.ofMinutes(2)).requireSuccess(script);
  }
}
