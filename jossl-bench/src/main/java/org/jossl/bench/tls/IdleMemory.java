package org.jossl.bench.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslServerSocket;
import org.jossl.ssl.SslSocket;
import org.jossl.ssl.WrapOptions;

/**
 * Memory per idle connection: one JVM holds the server ends, another the client ends, each
 * answering commands on standard input, so that each side's memory is its own (and each stays
 * within its file-descriptor limit). An idle connection is handshaken (TLS 1.3, no tickets), has
 * carried one small request and one small answer, and is left open: on the server its virtual
 * thread waits in a read for the next request (a thread per connection, as a server on virtual
 * threads is written); on the client it is a socket held without a thread (a pool of kept-alive
 * connections).
 *
 * <p>Measured in each process before and after opening the connections, after three full GCs: the
 * live Java heap, the resident set ({@code VmRSS}), and the bytes glibc's malloc has handed out
 * ({@code mallinfo2}: OpenSSL's memory and the JVM's own native allocations). The JVMs run with a
 * fixed, pre-touched heap, so the resident set grows only by memory outside the Java heap: heap +
 * RSS growth is the honest total.
 *
 * <p>Arguments: {@code server IMPL SCENARIO PKI_DIR} or {@code client IMPL SCENARIO PKI_DIR PORT
 * CONCURRENCY}, IMPL {@code jossl} or {@code jsse}. The server prints {@code port P}; commands:
 * server {@code baseline}, {@code measure N}; client {@code warm N}, {@code baseline}, {@code open
 * N}, {@code measure}. Measurements answer {@code mem HEAP RSS MALLOC}, in bytes.
 */
public final class IdleMemory {
  /** The request and the answer: this many bytes each. */
  static final int MESSAGE = 64;

  private static final int TIMEOUT_MILLIS = 30_000;

  /** A run (both JVMs, all connections) that takes longer is ended: its JVMs are killed. */
  private static final long RUN_LIMIT_SECONDS = 15 * 60;

  private IdleMemory() {}

  /** Runs one side; see the class comment. */
  public static void main(String[] args) throws Exception {
    String role = args[0];
    if (role.equals("run")) {
      // by hand: run IMPL N PKI_DIR
      Result r =
          run(
              args[1],
              Scenario.IDLE,
              Path.of(args[3]),
              Integer.parseInt(args[2]),
              32,
              TlsReport.forkFlags(),
              System.err);
      System.out.println(r);
      return;
    }
    String impl = args[1];
    Scenario sc = Scenario.of(args[2]);
    Path pki = Path.of(args[3]);
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (role.equals("server")) {
      server(impl, sc, pki, in, out);
    } else {
      client(impl, sc, pki, Integer.parseInt(args[4]), Integer.parseInt(args[5]), in, out);
    }
  }

  // ---- the two JVMs, from the report's side

  /** One process's measurements: [heap, rss, malloc] before and after. */
  record Side(long[] before, long[] after) {
    /** Growth per connection of measurement {@code i} (0 heap, 1 RSS, 2 malloc). */
    double perConnection(int i, int n) {
      return (after[i] - before[i]) / (double) n;
    }
  }

  /** A run: the server's and the client's side, N connections, how long opening took. */
  record Result(String impl, int connections, Side server, Side client, double openSeconds) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s n=%d: server heap %.0f rss %.0f malloc %.0f; client heap %.0f rss %.0f malloc %.0f"
              + " (bytes per connection)",
          impl,
          connections,
          server.perConnection(0, connections),
          server.perConnection(1, connections),
          server.perConnection(2, connections),
          client.perConnection(0, connections),
          client.perConnection(1, connections),
          client.perConnection(2, connections));
    }
  }

  /** A child JVM answering commands. */
  private static final class Child implements AutoCloseable {
    private final java.lang.Process process;
    private final PrintWriter to;
    private final BufferedReader from;

    Child(List<String> cmd) throws IOException {
      process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      // bounded in time whatever happens inside: killed, its answers end (ask() then fails)
      java.lang.Process p = process;
      Thread.ofPlatform()
          .daemon()
          .name("idle-memory-watchdog")
          .start(
              () -> {
                try {
                  if (!p.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println(
                        "idle-memory JVM "
                            + p.pid()
                            + ": over "
                            + RUN_LIMIT_SECONDS
                            + " s, killed");
                    p.destroyForcibly();
                  }
                } catch (InterruptedException e) {
                  p.destroyForcibly();
                }
              });
      to =
          new PrintWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
      from =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    String[] ask(String command, String answer) throws IOException {
      if (command != null) {
        to.println(command);
      }
      String line = from.readLine();
      if (line == null || !line.startsWith(answer)) {
        throw new IllegalStateException(
            "idle-memory JVM: asked " + command + ", expected " + answer + ", got " + line);
      }
      return line.split(" ");
    }

    long[] mem(String command) throws IOException {
      String[] m = ask(command, "mem ");
      return new long[] {Long.parseLong(m[1]), Long.parseLong(m[2]), Long.parseLong(m[3])};
    }

    @Override
    public void close() throws InterruptedException {
      to.close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Starts a server and a client JVM for {@code impl}, opens {@code n} idle connections after a
   * warm-up, and returns both sides' growth.
   */
  static Result run(
      String impl,
      Scenario sc,
      Path pki,
      int n,
      int concurrency,
      List<String> jvmFlags,
      java.io.PrintStream log)
      throws Exception {
    List<String> base = new ArrayList<>();
    base.add(ProcessHandle.current().info().command().orElse("java"));
    base.addAll(jvmFlags);
    base.add("-cp");
    base.add(System.getProperty("java.class.path"));
    base.add(IdleMemory.class.getName());
    List<String> serverCmd = new ArrayList<>(base);
    serverCmd.addAll(List.of("server", impl, sc.id, pki.toString()));
    try (Child server = new Child(serverCmd)) {
      String port = server.ask(null, "port ")[1];
      List<String> clientCmd = new ArrayList<>(base);
      clientCmd.addAll(
          List.of("client", impl, sc.id, pki.toString(), port, Integer.toString(concurrency)));
      try (Child client = new Child(clientCmd)) {
        int warm = Math.min(n, 500);
        client.ask("warm " + warm, "ok");
        long[] s0 = server.mem("baseline");
        long[] c0 = client.mem("baseline");
        String[] opened = client.ask("open " + n, "opened ");
        double seconds = Double.parseDouble(opened[2]);
        log.printf(Locale.ROOT, "   %s: %d connections opened in %.1f s%n", impl, n, seconds);
        long[] s1 = server.mem("measure " + n);
        long[] c1 = client.mem("measure");
        return new Result(impl, n, new Side(s0, s1), new Side(c0, c1), seconds);
      }
    }
  }

  // ---- the server side

  private static final AtomicInteger idle = new AtomicInteger();
  private static final AtomicInteger inFlight = new AtomicInteger();
  private static final AtomicReference<Throwable> failure = new AtomicReference<>();

  private static void server(String impl, Scenario sc, Path pki, BufferedReader in, PrintWriter out)
      throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    ServerSocket listener;
    if (impl.equals("jossl")) {
      SslContext ctx = SslSetup.server(sc, pki);
      listener =
          new SslServerSocket(
              ctx,
              new ServerSocket(0, 4096, loopback),
              WrapOptions.defaults().withDoHandshakeOnConnect(false));
    } else {
      JsseSetup setup = new JsseSetup(sc, pki);
      SSLServerSocket s =
          (SSLServerSocket)
              setup.serverContext.getServerSocketFactory().createServerSocket(0, 4096, loopback);
      s.setSSLParameters(setup.serverParameters);
      listener = s;
    }
    Thread.ofPlatform()
        .daemon()
        .name("acceptor")
        .start(
            () -> {
              while (true) {
                Socket s;
                try {
                  s = listener.accept();
                } catch (IOException e) {
                  return;
                }
                inFlight.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
              }
            });
    out.println("port " + listener.getLocalPort());
    String line;
    while ((line = in.readLine()) != null) {
      String[] c = line.trim().split(" ");
      switch (c[0]) {
        case "baseline" -> {
          await(() -> inFlight.get() == 0, "connections to end");
          out.println(measure());
        }
        case "measure" -> {
          int n = Integer.parseInt(c[1]);
          await(() -> idle.get() >= n, n + " idle connections (" + idle + ")");
          out.println(measure());
        }
        default -> out.println("error unknown command " + line);
      }
    }
    listener.close();
  }

  private static void serve(Socket s) {
    boolean counted = false;
    try (s) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(TIMEOUT_MILLIS);
      if (s instanceof SslSocket j) {
        j.doHandshake();
      } else {
        ((SSLSocket) s).startHandshake();
      }
      InputStream i = s.getInputStream();
      OutputStream o = s.getOutputStream();
      byte[] request = i.readNBytes(MESSAGE);
      if (request.length != MESSAGE) {
        throw new IOException("short request");
      }
      o.write(request);
      o.flush();
      idle.incrementAndGet();
      counted = true;
      // idle: wait for the next request (none comes; the client's close ends it)
      s.setSoTimeout(0);
      while (i.read(request) > 0) {
        // nothing more is expected
      }
    } catch (IOException | RuntimeException e) {
      if (!counted) {
        failure.compareAndSet(null, e);
      }
    } finally {
      if (counted) {
        idle.decrementAndGet();
      }
      inFlight.decrementAndGet();
    }
  }

  // ---- the client side

  private static void client(
      String impl,
      Scenario sc,
      Path pki,
      int port,
      int concurrency,
      BufferedReader in,
      PrintWriter out)
      throws Exception {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    Opener opener;
    if (impl.equals("jossl")) {
      SslContext ctx = SslSetup.client(sc, pki);
      WrapOptions options = WrapOptions.defaults().withServerHostname("localhost");
      opener = raw -> ctx.wrapSocket(raw, options);
    } else {
      JsseSetup setup = new JsseSetup(sc, pki);
      SSLSocketFactory f = setup.clientContext.getSocketFactory();
      opener =
          raw -> {
            SSLSocket s = (SSLSocket) f.createSocket(raw, "localhost", port, true);
            s.setSSLParameters(setup.clientParameters);
            s.startHandshake();
            return s;
          };
    }
    List<Socket> open = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      String[] c = line.trim().split(" ");
      switch (c[0]) {
        case "warm" -> {
          // each closed at once: only `concurrency` are ever open, so that little freed native
          // memory is left for the measured connections to reuse
          open(opener, address, Integer.parseInt(c[1]), concurrency, true);
          out.println("ok");
        }
        case "baseline", "measure" -> out.println(measure());
        case "open" -> {
          long t0 = System.nanoTime();
          open.addAll(open(opener, address, Integer.parseInt(c[1]), concurrency, false));
          out.printf(Locale.ROOT, "opened %d %.1f%n", open.size(), (System.nanoTime() - t0) / 1e9);
        }
        default -> out.println("error unknown command " + line);
      }
    }
    for (Socket s : open) {
      s.close();
    }
  }

  /** Makes a TLS socket over a connected plain one, handshaken. */
  private interface Opener {
    Socket open(Socket raw) throws IOException;
  }

  /**
   * Opens {@code n} connections with {@code concurrency} virtual threads, closing each at once if
   * {@code close}; fails on any failure.
   */
  private static List<Socket> open(
      Opener opener, InetSocketAddress address, int n, int concurrency, boolean close)
      throws Exception {
    ConcurrentLinkedQueue<Socket> done = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < concurrency; t++) {
        ex.submit(
            () -> {
              while (failed.get() == null && next.getAndIncrement() < n) {
                try {
                  Socket s = connect(opener, address);
                  if (close) {
                    s.close();
                  } else {
                    done.add(s);
                  }
                } catch (IOException | RuntimeException e) {
                  failed.compareAndSet(null, e);
                }
              }
            });
      }
    }
    if (failed.get() != null) {
      for (Socket s : done) {
        s.close();
      }
      throw new IOException("opening connections failed", failed.get());
    }
    return new ArrayList<>(done);
  }

  private static Socket connect(Opener opener, InetSocketAddress address) throws IOException {
    Socket raw = new Socket();
    Socket s = null;
    try {
      raw.setTcpNoDelay(true);
      raw.setSoTimeout(TIMEOUT_MILLIS);
      raw.connect(address, TIMEOUT_MILLIS);
      s = opener.open(raw);
      byte[] request = new byte[MESSAGE];
      OutputStream o = s.getOutputStream();
      o.write(request);
      o.flush();
      if (s.getInputStream().readNBytes(MESSAGE).length != MESSAGE) {
        throw new IOException("short answer");
      }
      return s;
    } catch (IOException | RuntimeException e) {
      if (s != null) {
        s.close();
      }
      raw.close();
      throw e;
    }
  }

  // ---- measuring

  private interface Condition {
    boolean holds();
  }

  private static void await(Condition c, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        Throwable f = failure.get();
        throw new IllegalStateException(
            "timed out waiting for " + what + (f == null ? "" : "; first failure: " + f), f);
      }
      Thread.sleep(10);
    }
  }

  /**
   * {@code mem HEAP RSS MALLOC} after three full GCs and {@code malloc_trim(0)}: glibc keeps freed
   * memory resident for reuse; trimmed, the resident set counts what is in use (else memory freed
   * before the baseline, e.g. by the warm-up, would be reused unseen).
   */
  static String measure() throws Exception {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    mallocTrim();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return "mem " + heap + " " + rss() + " " + mallocInUse();
  }

  /** VmRSS of this process, in bytes. */
  static long rss() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private static final MethodHandle MALLINFO2 = mallinfo2();
  private static final MethodHandle MALLOC_TRIM =
      Linker.nativeLinker()
          .defaultLookup()
          .find("malloc_trim")
          .map(
              a ->
                  Linker.nativeLinker()
                      .downcallHandle(
                          a, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)))
          .orElse(null);

  /** glibc's {@code malloc_trim(0)}: gives free memory back to the kernel. */
  private static void mallocTrim() {
    if (MALLOC_TRIM != null) {
      try {
        int unused = (int) MALLOC_TRIM.invokeExact(0L);
      } catch (Throwable t) {
        throw new IllegalStateException("malloc_trim", t);
      }
    }
  }

  private static MethodHandle mallinfo2() {
    Linker linker = Linker.nativeLinker();
    return linker
        .defaultLookup()
        .find("mallinfo2")
        .map(
            a ->
                linker.downcallHandle(
                    a,
                    FunctionDescriptor.of(
                        MemoryLayout.structLayout(
                            MemoryLayout.sequenceLayout(10, ValueLayout.JAVA_LONG)))))
        .orElse(null);
  }

  /**
   * glibc's {@code mallinfo2()}: {@code uordblks + hblkhd}, the bytes handed out by malloc (-1
   * without glibc 2.33 or later).
   */
  static long mallocInUse() {
    if (MALLINFO2 == null) {
      return -1;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment m = (MemorySegment) MALLINFO2.invoke((SegmentAllocator) arena);
      // struct mallinfo2 { arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, ...}
      return m.getAtIndex(ValueLayout.JAVA_LONG, 7) + m.getAtIndex(ValueLayout.JAVA_LONG, 4);
    } catch (Throwable t) {
      throw new IllegalStateException("mallinfo2", t);
    }
  }
}
