package org.jossl.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server process (jossl s_server, openssl s_server, a Python peer) running while a test talks to
 * it: its output lines are collected as they come, waits are bounded, and {@link #close()} kills it
 * (use it in try-with-resources).
 */
final class Background implements AutoCloseable {
  private final List<String> command;
  private final Process process;
  private final List<String> out = new ArrayList<>();
  private final List<String> err = new ArrayList<>();
  private final List<Thread> collectors = new ArrayList<>();

  private Background(List<String> command, Process process) {
    this.command = command;
    this.process = process;
    collect(process.getInputStream(), out);
    collect(process.getErrorStream(), err);
  }

  /** Starts {@code command} in {@code dir} (environment as {@link Jossl#processBuilder}). */
  static Background start(Path dir, List<String> command) {
    try {
      return new Background(
          List.copyOf(command), Jossl.processBuilder(command, Map.of(), dir).start());
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e, e);
    }
  }

  /** Starts {@code bin/jossl args...}. */
  static Background jossl(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of(Jossl.launcher().toString()));
    command.addAll(List.of(args));
    return start(dir, command);
  }

  private void collect(InputStream stream, List<String> lines) {
    collectors.add(
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      synchronized (this) {
                        lines.add(line);
                        notifyAll();
                      }
                    }
                  } catch (IOException e) {
                    // the process ended
                  }
                }));
  }

  /** The process's standard input (close it to send EOF). */
  OutputStream stdin() {
    return process.getOutputStream();
  }

  /**
   * Waits until a line of stdout ({@code stderr} false) or stderr matches {@code regex}; returns
   * the match.
   */
  Matcher awaitLine(boolean stderr, String regex, Duration timeout) {
    Pattern p = Pattern.compile(regex);
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      int seen = 0;
      List<String> lines = stderr ? err : out;
      while (true) {
        for (; seen < lines.size(); seen++) {
          Matcher m = p.matcher(lines.get(seen));
          if (m.find()) {
            return m;
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && seen == lines.size())) {
          throw new AssertionError(describe("no line matching " + regex));
        }
        try {
          wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** The port of a line {@code PREFIX ...:PORT} (jossl's and openssl's ACCEPT, the peer's PORT). */
  int awaitPort(boolean stderr, String prefix) {
    return Integer.parseInt(
        awaitLine(stderr, "^" + prefix + " (?:.*:)?(\\d+)$", Duration.ofSeconds(30)).group(1));
  }

  /** Waits for the process to exit on its own; returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(describe("did not exit within " + timeout));
      }
      for (Thread t : collectors) {
        t.join(5000); // the last lines
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The stdout lines so far. */
  synchronized List<String> stdout() {
    return List.copyOf(out);
  }

  /** The stderr lines so far. */
  synchronized List<String> stderr() {
    return List.copyOf(err);
  }

  synchronized String describe(String what) {
    return what
        + ": "
        + command
        + (process.isAlive() ? " (running)" : " exited " + process.exitValue())
        + "\n--- stdout:\n"
        + String.join("\n", out)
        + "\n--- stderr:\n"
        + String.join("\n", err);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
