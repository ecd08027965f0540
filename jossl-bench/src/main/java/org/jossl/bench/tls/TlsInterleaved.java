package org.jossl.bench.tls;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jossl.crypto.OpenSslLibrary;

/**
 * One scenario, several implementations, measured in turns: after a warm-up of each, every round
 * gives each implementation one short slice (C through {@code tlsbench --serve}, the others in this
 * JVM), in an order that rotates from round to round. On a shared machine the load changes by the
 * second; slices taken side by side see nearly the same load, so their ratios hold even when the
 * absolute numbers move. {@link TlsReport} and {@link SocketReport} start one such JVM per scenario
 * (JSSE reads its ticket setting once per JVM).
 *
 * <p>The implementations: in memory ({@link Scenario.Kind#inMemory()}) C, jossl's pyOpenSSL face,
 * jossl's engine and JSSE ({@link TlsPair}s); over one loopback connection ({@link
 * Scenario.Kind#SOCKET_BULK}) C, jossl's {@code SslSocket} and JSSE's {@code SSLSocket} ({@link
 * SocketBulk}); new or resumed connections ({@link Scenario.Kind#CONNECT}, {@link
 * Scenario.Kind#CONNECT_RESUMED}) many concurrent clients against servers in a child JVM ({@link
 * ConnectionLoad}, {@link ConnectionServer}).
 *
 * <p>Arguments: {@code SCENARIO PKI_DIR TLSBENCH WARMUP_SECONDS SLICE_SECONDS ROUNDS OUT_FILE
 * [CONCURRENCY]}. The output has lines {@code slice IMPL ROUND OPS WALL_NANOS CPU_NANOS
 * [SERVER_CPU_NANOS]}, {@code probe IMPL PROBE_LINE}, {@code openssl IMPL VERSION} and {@code note
 * IMPL TEXT}.
 */
public final class TlsInterleaved {
  /** The in-memory implementations, in the order of the first round. */
  static final List<String> IMPLS = List.of("c", "jossl", "josslEngine", "jsse");

  /**
   * The in-memory bulk implementations: also the pyOpenSSL face with direct {@code ByteBuffer}s
   * ({@link JosslBufferPair}).
   */
  static final List<String> BULK_IMPLS =
      List.of("c", "jossl", "josslBuffers", "josslEngine", "jsse");

  /** The implementations over one loopback connection. */
  static final List<String> SOCKET_IMPLS = List.of("c", "jossl", "josslBuffers", "jsse");

  /** The client → server pairs of the connection scenarios. */
  static final List<String> CONNECT_IMPLS = ConnectionLoad.IMPLS;

  private TlsInterleaved() {}

  /** The implementations measured in {@code sc}, in the order of the first round. */
  static List<String> impls(Scenario sc) {
    return switch (sc.kind) {
      case FULL, RESUMED -> IMPLS;
      case BULK -> BULK_IMPLS;
      case SOCKET_BULK -> SOCKET_IMPLS;
      case CONNECT, CONNECT_RESUMED -> CONNECT_IMPLS;
      case IDLE -> throw new IllegalArgumentException(sc.id + " is measured by IdleMemory");
    };
  }

  /** Runs one scenario; see the class comment. */
  public static void main(String[] args) throws Exception {
    Scenario sc = Scenario.of(args[0]);
    Path pki = Path.of(args[1]);
    String tlsbench = args[2];
    double warmup = Double.parseDouble(args[3]);
    double slice = Double.parseDouble(args[4]);
    int rounds = Integer.parseInt(args[5]);
    Path outFile = Path.of(args[6]);
    int concurrency = args.length > 7 ? Integer.parseInt(args[7]) : 64;

    Map<String, Contender> contenders = new LinkedHashMap<>();
    List<AutoCloseable> resources = new ArrayList<>();
    List<String> out;
    try {
      switch (sc.kind) {
        case FULL, RESUMED, BULK -> {
          contenders.put("c", new CContender(tlsbench, pki, sc));
          contenders.put("jossl", new PairContender(new JosslPair(sc, pki)));
          if (sc.kind == Scenario.Kind.BULK) {
            contenders.put("josslBuffers", new PairContender(new JosslBufferPair(sc, pki)));
          }
          contenders.put("josslEngine", new PairContender(new EnginePair(sc, pki)));
          contenders.put("jsse", new PairContender(new JssePair(sc, pki)));
        }
        case SOCKET_BULK -> {
          contenders.put("c", new CContender(tlsbench, pki, sc));
          contenders.put("jossl", SocketBulk.jossl(sc, pki));
          contenders.put("josslBuffers", SocketBulk.josslBuffers(sc, pki));
          contenders.put("jsse", SocketBulk.jsse(sc, pki));
        }
        case CONNECT, CONNECT_RESUMED -> {
          ConnectionServer.Process server = ConnectionServer.Process.start(sc, pki);
          resources.add(server);
          for (String impl : CONNECT_IMPLS) {
            contenders.put(impl, new ConnectionLoad(impl, sc, pki, server, concurrency));
          }
        }
        case IDLE -> throw new IllegalArgumentException(sc.id + " is measured by IdleMemory");
      }
      out = run(contenders, warmup, slice, rounds);
      for (Contender c : contenders.values()) {
        if (c instanceof ConnectionLoad l) {
          out.addAll(l.notes());
        }
      }
    } finally {
      for (Contender c : contenders.values()) {
        c.close();
      }
      for (AutoCloseable r : resources) {
        r.close();
      }
    }
    Files.write(outFile, out, StandardCharsets.UTF_8);
  }

  /**
   * The measurement: probes, a warm-up of each Java implementation, then {@code rounds} rounds of
   * one slice each, in an order that rotates by round. Returns the output lines (class comment).
   */
  static List<String> run(
      Map<String, Contender> contenders, double warmup, double slice, int rounds) throws Exception {
    List<String> out = new ArrayList<>();
    for (var e : contenders.entrySet()) {
      out.add("probe " + e.getKey() + " " + e.getValue().probe().line());
      out.add("openssl " + e.getKey() + " " + e.getValue().openssl());
    }

    // Warm-up: C needs little (no JIT; its probe ran a short slice). Each Java implementation runs
    // until it has cost `warmup` seconds of CPU (the JIT's own work included; a server process's
    // too), in two turns so that code shared by the implementations settles; on a busy machine
    // that takes longer than `warmup` seconds of wall-clock time, and at most twice as long.
    for (int turn = 0; turn < 2; turn++) {
      for (var e : contenders.entrySet()) {
        if (!e.getValue().java()) {
          continue;
        }
        long cpu = 0;
        long wall = 0;
        while (cpu < warmup / 2 * 1e9 && wall < warmup * 1e9) {
          Contender.Slice w = e.getValue().slice(Math.min(slice, warmup / 2));
          cpu += w.allCpuNanos();
          wall += w.wallNanos();
        }
        System.err.printf(
            Locale.ROOT,
            "   warm-up %s: %.1f s CPU in %.1f s%n",
            e.getKey(),
            cpu / 1e9,
            wall / 1e9);
      }
    }

    List<String> impls = new ArrayList<>(contenders.keySet());
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < impls.size(); k++) {
        String impl = impls.get((r + k) % impls.size());
        Contender.Slice s = contenders.get(impl).slice(slice);
        out.add(
            "slice "
                + impl
                + " "
                + r
                + " "
                + s.ops()
                + " "
                + s.wallNanos()
                + " "
                + s.cpuNanos()
                + (s.serverCpuNanos() >= 0 ? " " + s.serverCpuNanos() : ""));
      }
    }
    return out;
  }

  private static long sink;

  /** Operations until {@code seconds} have passed, as tlsbench.c's {@code measure}. */
  static Contender.Slice javaSlice(TlsPair pair, double seconds) throws Exception {
    settle();
    long length = (long) (seconds * 1e9);
    long ops = 0;
    long c0 = CpuClock.processNanos();
    long t0 = System.nanoTime();
    long t;
    do {
      sink += pair.op();
      ops++;
    } while ((t = System.nanoTime()) - t0 < length);
    long cpu = CpuClock.processNanos() - c0;
    return new Contender.Slice(ops, t - t0, cpu);
  }

  /**
   * A full GC between slices, outside the measurement: the process's CPU time counts the GC
   * threads, and garbage one implementation left must not be collected on the next one's time.
   */
  static void settle() {
    System.gc();
  }

  /** An in-memory {@link TlsPair} in this JVM. */
  private static final class PairContender implements Contender {
    private final TlsPair pair;

    PairContender(TlsPair pair) {
      this.pair = pair;
    }

    @Override
    public Slice slice(double seconds) throws Exception {
      return javaSlice(pair, seconds);
    }

    @Override
    public TlsPair.Probe probe() throws Exception {
      return pair.probe();
    }

    @Override
    public String openssl() {
      return OpenSslLibrary.version();
    }

    @Override
    public void close() throws Exception {
      pair.close();
    }
  }

  /** The C program, {@code tlsbench --serve}: one slice per request line. */
  static final class CContender implements Contender {
    private final Scenario sc;
    private final java.lang.Process process;
    private final PrintWriter to;
    private final BufferedReader from;
    private String first;

    CContender(String tlsbench, Path pki, Scenario sc) throws Exception {
      this.sc = sc;
      this.process =
          new ProcessBuilder(tlsbench, pki.toString(), "--serve")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      this.to =
          new PrintWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      this.from =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private String request(double seconds) throws Exception {
      to.printf(Locale.ROOT, "%s %.3f%n", sc.id, seconds);
      to.flush();
      String line = from.readLine();
      if (line == null) {
        throw new IllegalStateException("tlsbench --serve ended");
      }
      return line;
    }

    @Override
    public boolean java() {
      return false;
    }

    @Override
    public Slice slice(double seconds) throws Exception {
      String json = request(seconds);
      return new Slice(
          (long) TlsReport.jsonNumber(json, "ops"),
          (long) (TlsReport.jsonNumber(json, "wall_s") * 1e9),
          (long) (TlsReport.jsonNumber(json, "cpu_s") * 1e9));
    }

    @Override
    public TlsPair.Probe probe() throws Exception {
      if (first == null) {
        first = request(0.5);
      }
      return new TlsPair.Probe(
          TlsReport.jsonString(first, "protocol"),
          TlsReport.jsonString(first, "cipher"),
          TlsReport.jsonString(first, "resumed").equals("true"),
          (long) TlsReport.jsonNumber(first, "client_bytes"),
          (long) TlsReport.jsonNumber(first, "server_bytes"),
          (long) TlsReport.jsonNumber(first, "app_bytes"));
    }

    @Override
    public String openssl() {
      return TlsReport.jsonString(first, "openssl");
    }

    @Override
    public void close() {
      to.close();
      process.destroy();
    }
  }
}
