package org.jossl.bench.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jossl.crypto.OpenSslLibrary;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslServerSocket;
import org.jossl.ssl.SslSocket;
import org.jossl.ssl.WrapOptions;

/**
 * The servers of the connection scenarios, in a JVM of their own so that their CPU time is their
 * own: a jossl {@link SslServerSocket} and a JSSE {@link SSLServerSocket} on 127.0.0.1, each with
 * an accepting thread that hands every connection to a new virtual thread, which runs the
 * handshake, sends one byte, sends close_notify and closes (JSSE's {@code close()} sends it; jossl,
 * like Python, needs {@link SslSocket#sendCloseNotify()} first). TCP_NODELAY on every connection; a
 * 10 s timeout on every wait.
 *
 * <p>Arguments: {@code SCENARIO PKI_DIR}. Prints {@code ports JOSSL_PORT JSSE_PORT}, then answers
 * commands on standard input, one line each: {@code cpu} (waits until no connection is in flight,
 * then the process's CPU nanoseconds), {@code gc} ({@code ok} after a full GC), {@code stats}
 * ({@code stats} and, per server, handshakes, resumed handshakes and failures). Ends at the end of
 * its input.
 */
public final class ConnectionServer {
  private static final int TIMEOUT_MILLIS = 10_000;
  private static final int BACKLOG = 1024;

  private ConnectionServer() {}

  /** One server's counters. */
  static final class Stats {
    final LongAdder handshakes = new LongAdder();
    final LongAdder resumed = new LongAdder();
    final LongAdder failures = new LongAdder();

    String line() {
      return handshakes.sum() + " " + resumed.sum() + " " + failures.sum();
    }
  }

  private static final AtomicInteger inFlight = new AtomicInteger();
  private static volatile Throwable firstFailure;

  /** Runs the servers; see the class comment. */
  public static void main(String[] args) throws Exception {
    Scenario sc = Scenario.of(args[0]);
    Path pki = Path.of(args[1]);
    InetAddress loopback = InetAddress.getLoopbackAddress();

    SslContext josslContext = SslSetup.server(sc, pki);
    SslServerSocket jossl =
        new SslServerSocket(
            josslContext,
            new ServerSocket(0, BACKLOG, loopback),
            WrapOptions.defaults().withDoHandshakeOnConnect(false));
    JsseSetup setup = new JsseSetup(sc, pki);
    SSLServerSocket jsse =
        (SSLServerSocket)
            setup.serverContext.getServerSocketFactory().createServerSocket(0, BACKLOG, loopback);
    jsse.setSSLParameters(setup.serverParameters);

    Stats josslStats = new Stats();
    Stats jsseStats = new Stats();
    Thread.ofPlatform()
        .daemon()
        .name("jossl-acceptor")
        .start(
            () -> {
              while (true) {
                SslSocket s;
                try {
                  s = jossl.accept();
                } catch (IOException e) {
                  return;
                }
                inFlight.incrementAndGet();
                Thread.ofVirtual().start(() -> serveJossl(s, josslStats));
              }
            });
    Thread.ofPlatform()
        .daemon()
        .name("jsse-acceptor")
        .start(
            () -> {
              while (true) {
                SSLSocket s;
                try {
                  s = (SSLSocket) jsse.accept();
                } catch (IOException e) {
                  return;
                }
                inFlight.incrementAndGet();
                Thread.ofVirtual().start(() -> serveJsse(s, jsseStats));
              }
            });

    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    out.println("ports " + jossl.getLocalPort() + " " + jsse.getLocalPort());
    out.println("openssl " + OpenSslLibrary.version());
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      switch (line.trim()) {
        case "cpu" -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_MILLIS / 1000);
          while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
          }
          out.println("cpu " + CpuClock.processNanos() + " " + inFlight.get());
        }
        case "gc" -> {
          TlsInterleaved.settle();
          out.println("ok");
        }
        case "stats" -> out.println("stats " + josslStats.line() + " " + jsseStats.line());
        case "failure" -> {
          Throwable t = firstFailure;
          out.println("failure " + (t == null ? "none" : oneLine(t)));
        }
        default -> out.println("error unknown command " + line);
      }
    }
    jossl.close();
    jsse.close();
  }

  private static String oneLine(Throwable t) {
    List<String> parts = new ArrayList<>();
    for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause()) {
      parts.add(c.toString());
    }
    return String.join(" / ", parts).replace('\n', ' ');
  }

  private static void serveJossl(SslSocket s, Stats stats) {
    try (s) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.doHandshake();
      stats.handshakes.increment();
      if (s.isSessionReused()) {
        stats.resumed.increment();
      }
      s.sendAll(ONE);
      s.sendCloseNotify();
    } catch (IOException | RuntimeException e) {
      fail(stats, e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static void serveJsse(SSLSocket s, Stats stats) {
    // JSSE says nothing of resumption; a resumed TLS 1.3 session keeps the creation time of the
    // session it resumes, which is older than this connection
    long accepted = System.currentTimeMillis();
    try (s) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.startHandshake();
      stats.handshakes.increment();
      if (s.getSession().getCreationTime() < accepted) {
        stats.resumed.increment();
      }
      OutputStream o = s.getOutputStream();
      o.write(ONE);
      o.flush();
    } catch (IOException | RuntimeException e) {
      fail(stats, e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static final byte[] ONE = {1};

  private static void fail(Stats stats, Exception e) {
    stats.failures.increment();
    if (firstFailure == null) {
      firstFailure = e;
    }
  }

  /** The server JVM seen from the load's side: its ports and its commands. */
  static final class Process implements AutoCloseable {
    private final java.lang.Process process;
    private final PrintWriter to;
    private final BufferedReader from;

    /** The jossl server's port. */
    final int josslPort;

    /** The JSSE server's port. */
    final int jssePort;

    /** The OpenSSL the server JVM loaded. */
    final String openssl;

    private Process(java.lang.Process process) throws IOException {
      this.process = process;
      this.to =
          new PrintWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
      this.from =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String[] ports = expect("ports");
      josslPort = Integer.parseInt(ports[1]);
      jssePort = Integer.parseInt(ports[2]);
      openssl = expectLine("openssl").substring("openssl ".length());
    }

    /** Starts a server JVM for {@code sc} with this JVM's flags and class path. */
    static Process start(Scenario sc, Path pki) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(ConnectionServer.class.getName());
      cmd.add(sc.id);
      cmd.add(pki.toString());
      java.lang.Process p =
          new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try {
        return new Process(p);
      } catch (IOException | RuntimeException e) {
        p.destroy();
        throw e;
      }
    }

    private String expectLine(String word) throws IOException {
      String line = from.readLine();
      if (line == null || !line.startsWith(word + " ") && !line.equals(word)) {
        throw new IllegalStateException("server JVM: expected " + word + ", got " + line);
      }
      return line;
    }

    private String[] expect(String word) throws IOException {
      return expectLine(word).split(" ");
    }

    /** The server process's CPU nanoseconds, once no connection is in flight. */
    synchronized long cpu() throws IOException {
      to.println("cpu");
      String[] r = expect("cpu");
      if (!r[2].equals("0")) {
        throw new IllegalStateException("server JVM: " + r[2] + " connections still in flight");
      }
      return Long.parseLong(r[1]);
    }

    /** A full GC in the server JVM. */
    synchronized void gc() throws IOException {
      to.println("gc");
      expect("ok");
    }

    /** [handshakes, resumed, failures] of the jossl server, then of the JSSE server. */
    synchronized long[] stats() throws IOException {
      to.println("stats");
      String[] r = expect("stats");
      long[] v = new long[6];
      for (int i = 0; i < 6; i++) {
        v[i] = Long.parseLong(r[i + 1]);
      }
      return v;
    }

    /** The first failure a server saw ("none" if none). */
    synchronized String failure() throws IOException {
      to.println("failure");
      return expectLine("failure").substring("failure ".length());
    }

    @Override
    public void close() throws InterruptedException {
      to.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
      }
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "server JVM %d", process.pid());
    }
  }
}
