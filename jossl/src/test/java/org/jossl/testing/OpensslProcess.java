package org.jossl.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An {@code openssl s_server} or {@code s_client} process on 127.0.0.1 for interop tests.
 *
 * <p>Both output streams are collected by background threads (so the process never blocks on a full
 * pipe, unless {@link #serverHoldingStdout} asks for exactly that) and can be awaited with a
 * timeout. A server is started on a free port and returned only once it listens; a port taken
 * meanwhile by someone else is retried. Every wait is bounded; {@link #close()} kills the process
 * if it is still running, so use it in try-with-resources.
 *
 * <pre>{@code
 * try (OpensslProcess server = OpensslProcess.server("-naccept", "1", "-brief", "-cert", cert)) {
 *   Socket s = new Socket("127.0.0.1", server.port());
 *   ...
 *   server.awaitStdout(n -> n.length >= 4096, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class OpensslProcess implements AutoCloseable {
  /** How long a process may take to start listening, or a wait may last by default. */
  public static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final List<String> command;
  private final Process process;
  private final int port;
  private final Output stdout = new Output();
  private final Output stderr = new Output();
  private final OutputStream stdin;
  private final CountDownLatch stdoutGate;

  private OpensslProcess(List<String> command, int port, boolean holdStdout) {
    this.command = List.copyOf(command);
    this.port = port;
    this.stdoutGate = new CountDownLatch(holdStdout ? 1 : 0);
    try {
      this.process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + command + ": " + e, e);
    }
    this.stdin = process.getOutputStream();
    pump(process.getInputStream(), stdout, stdoutGate, "stdout");
    pump(process.getErrorStream(), stderr, new CountDownLatch(0), "stderr");
  }

  private void pump(InputStream in, Output sink, CountDownLatch gate, String name) {
    Thread t =
        new Thread(
            () -> {
              try (in) {
                gate.await();
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                  sink.append(buf, n);
                }
              } catch (IOException | InterruptedException e) {
                // the process ended or we were told to stop
              } finally {
                sink.close();
              }
            },
            "openssl-" + name);
    t.setDaemon(true);
    t.start();
  }

  /**
   * Starts {@code openssl s_server -accept 127.0.0.1:PORT ARGS} on a free port and waits until it
   * listens. Give {@code -naccept N} (or kill it) so that it ends.
   */
  public static OpensslProcess server(String... args) {
    return server(false, args);
  }

  /**
   * As {@link #server(String...)}, but its standard output is not read until {@link
   * #releaseStdout()}: once the pipe is full, s_server stops reading from the network (to make a
   * peer's writes block).
   */
  public static OpensslProcess serverHoldingStdout(String... args) {
    return server(true, args);
  }

  private static OpensslProcess server(boolean holdStdout, String... args) {
    AssertionError last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of(Peers.openssl(), "s_server"));
      cmd.addAll(List.of("-accept", "127.0.0.1:" + port));
      cmd.addAll(Arrays.asList(args));
      OpensslProcess p = new OpensslProcess(cmd, port, holdStdout);
      try {
        p.awaitListening(TIMEOUT);
        return p;
      } catch (AssertionError e) {
        p.close();
        last = e;
        if (!p.stderr.text().contains("in use")) {
          throw e;
        }
      }
    }
    throw last;
  }

  /** Starts {@code openssl s_client -connect 127.0.0.1:PORT ARGS}. */
  public static OpensslProcess client(int port, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Peers.openssl(), "s_client"));
    cmd.addAll(List.of("-connect", "127.0.0.1:" + port));
    cmd.addAll(Arrays.asList(args));
    return new OpensslProcess(cmd, port, false);
  }

  /**
   * {@code lines} random 64-byte lines of hex ({@code [0]}) and what {@code openssl s_server -rev}
   * answers to them, each line reversed ({@code [1]}).
   */
  public static byte[][] revLines(int lines, long seed) {
    java.util.Random r = new java.util.Random(seed);
    java.util.HexFormat hex = java.util.HexFormat.of();
    byte[] sent = new byte[lines * 64];
    byte[] back = new byte[sent.length];
    for (int i = 0; i < lines; i++) {
      byte[] b = new byte[32];
      r.nextBytes(b);
      byte[] line = hex.formatHex(b).substring(0, 63).getBytes(StandardCharsets.US_ASCII);
      for (int j = 0; j < 63; j++) {
        sent[i * 64 + j] = line[j];
        back[i * 64 + j] = line[62 - j];
      }
      sent[i * 64 + 63] = '\n';
      back[i * 64 + 63] = '\n';
    }
    return new byte[][] {sent, back};
  }

  /** A TCP port on 127.0.0.1 that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port the server listens on, or the client connects to. */
  public int port() {
    return port;
  }

  private void awaitListening(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (isListening(port) || stdout.text().contains("ACCEPT")) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("openssl s_server ended before listening\n" + describe());
      }
      sleep(5);
    }
    throw new AssertionError(
        "openssl s_server did not listen within " + timeout + "\n" + describe());
  }

  /** Whether the kernel lists a socket listening on {@code port} (Linux: /proc/net/tcp). */
  private static boolean isListening(int port) {
    Path table = Path.of("/proc/net/tcp");
    if (!Files.isReadable(table)) {
      return false;
    }
    try {
      for (String line : Files.readAllLines(table)) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[1].contains(":") && "0A".equals(f[3])) {
          String hexPort = f[1].substring(f[1].indexOf(':') + 1);
          if (Integer.parseInt(hexPort, 16) == port) {
            return true;
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      return false;
    }
    return false;
  }

  // ---- input

  /** Writes {@code data} to the process's standard input and flushes. */
  public void write(byte[] data) {
    try {
      stdin.write(data);
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError("cannot write to openssl's stdin: " + e + "\n" + describe(), e);
    }
  }

  /** Writes {@code text} (UTF-8) to the standard input. */
  public void write(String text) {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code data} to the standard input from another thread (openssl may stop reading its
   * input while its peer is not reading).
   */
  public CompletableFuture<Void> writeAsync(byte[] data) {
    return CompletableFuture.runAsync(() -> write(data));
  }

  /**
   * Closes the standard input: s_server with {@code -quiet}/{@code -brief} and s_client without
   * {@code -quiet}/{@code -ign_eof} then close the TLS connection (with close_notify).
   */
  public void closeStdin() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** Starts reading the standard output of a {@link #serverHoldingStdout} process. */
  public void releaseStdout() {
    stdoutGate.countDown();
  }

  // ---- output

  /** Everything written to standard output so far. */
  public byte[] stdoutBytes() {
    return stdout.bytes();
  }

  /** Standard output so far, as text. */
  public String stdout() {
    return stdout.text();
  }

  /** Standard error so far, as text. */
  public String stderr() {
    return stderr.text();
  }

  /** Waits until standard output satisfies {@code condition}; fails after {@code timeout}. */
  public byte[] awaitStdout(Predicate<byte[]> condition, Duration timeout) {
    byte[] got = stdout.await(condition, timeout);
    if (got == null) {
      throw new AssertionError(
          "openssl's stdout never matched within " + timeout + "\n" + describe());
    }
    return got;
  }

  /** Waits until standard output holds at least {@code count} bytes. */
  public byte[] awaitStdoutBytes(int count, Duration timeout) {
    return awaitStdout(b -> b.length >= count, timeout);
  }

  /** Waits until standard output contains {@code text}. */
  public String awaitStdout(String text, Duration timeout) {
    awaitStdout(b -> new String(b, StandardCharsets.ISO_8859_1).contains(text), timeout);
    return stdout();
  }

  /** Waits until standard error contains {@code text}. */
  public String awaitStderr(String text, Duration timeout) {
    if (stderr.await(b -> new String(b, StandardCharsets.ISO_8859_1).contains(text), timeout)
        == null) {
      throw new AssertionError(
          "openssl's stderr never contained '" + text + "' within " + timeout + "\n" + describe());
    }
    return stderr();
  }

  /**
   * The rest of the first line (of stdout, else stderr) that starts with {@code prefix} after
   * leading blanks, trimmed; e.g. {@code field("Protocol version:")} on {@code -brief} output. Null
   * if there is none. Only whole lines count: a line still being written could be cut short.
   */
  public String field(String prefix) {
    for (boolean out : new boolean[] {true, false}) {
      // closed first: then the text read after it is all there is
      boolean ended = out ? stdout.isClosed() : stderr.isClosed();
      String text = out ? stdout() : stderr();
      String whole = ended ? text : text.substring(0, text.lastIndexOf('\n') + 1);
      for (String line : whole.split("\r?\n")) {
        line = line.strip();
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
      }
    }
    return null;
  }

  /** As {@link #field}, waiting up to {@code timeout} for the line to appear. */
  public String awaitField(String prefix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String v = field(prefix);
      if (v != null) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line '" + prefix + "' within " + timeout + "\n" + describe());
      }
      if (!process.isAlive() && stdout.isClosed() && stderr.isClosed()) {
        throw new AssertionError("no line '" + prefix + "' and the process ended\n" + describe());
      }
      sleep(5);
    }
  }

  // ---- lifetime

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the process to end and for its output to be collected; returns the exit code.
   *
   * @throws AssertionError if it did not end within {@code timeout} (it is killed then)
   */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        String d = describe();
        kill();
        throw new AssertionError("openssl did not end within " + timeout + "\n" + d);
      }
      stdoutGate.countDown();
      stdout.awaitClosed(Duration.ofSeconds(5));
      stderr.awaitClosed(Duration.ofSeconds(5));
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Stops the process (SIGSTOP): it answers nothing until {@link #resume()}, while the kernel still
   * accepts and buffers what its peer sends — a peer that is deterministically slow.
   */
  public void pause() {
    signal("-STOP");
  }

  /** Continues a {@link #pause()}d process (SIGCONT). */
  public void resume() {
    signal("-CONT");
  }

  private void signal(String signal) {
    Peers.run(List.of("kill", signal, String.valueOf(process.pid())), null, TIMEOUT)
        .requireSuccess("kill " + signal);
  }

  /** Kills the process at once (SIGKILL): its sockets are closed by the kernel. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The command and its output so far, for assertion messages. */
  public String describe() {
    return "command: "
        + String.join(" ", command)
        + "\n--- stdout:\n"
        + tail(stdout.text())
        + "\n--- stderr:\n"
        + tail(stderr.text());
  }

  private static String tail(String s) {
    return s.length() <= 4000 ? s : "…" + s.substring(s.length() - 4000);
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    closeStdin();
    stdoutGate.countDown();
    if (process.isAlive()) {
      kill();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** One output stream's bytes, with waiting. */
  private static final class Output {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean closed;

    synchronized void append(byte[] b, int n) {
      bytes.write(b, 0, n);
      notifyAll();
    }

    synchronized void close() {
      closed = true;
      notifyAll();
    }

    synchronized boolean isClosed() {
      return closed;
    }

    synchronized byte[] bytes() {
      return bytes.toByteArray();
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The bytes once they satisfy {@code condition}; null if the stream ended or time ran out. */
    synchronized byte[] await(Predicate<byte[]> condition, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      try {
        while (true) {
          byte[] now = bytes.toByteArray();
          if (condition.test(now)) {
            return now;
          }
          long left = deadline - System.nanoTime();
          if (closed || left <= 0) {
            return null;
          }
          wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    synchronized void awaitClosed(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }
}
