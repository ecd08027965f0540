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
 * One scenario, four implementations, measured in turns: after a warm-up of each, every round gives
 * each implementation one short slice (C through {@code tlsbench --serve}, the others in this JVM),
 * in an order that rotates from round to round. On a shared machine the load changes by the second;
 * slices taken side by side see nearly the same load, so their ratios hold even when the absolute
 * numbers move. {@link TlsReport} starts one such JVM per scenario (JSSE reads its ticket setting
 * once per JVM).
 *
 * <p>Arguments: {@code SCENARIO PKI_DIR TLSBENCH WARMUP_SECONDS SLICE_SECONDS ROUNDS OUT_FILE}. The
 * output has lines {@code slice IMPL ROUND OPS WALL_NANOS CPU_NANOS}, {@code probe IMPL PROBE_LINE}
 * and {@code openssl IMPL VERSION}.
 */
public final class TlsInterleaved {
  /** The implementations, in the order of the first round. */
  static final List<String> IMPLS = List.of("c", "jossl", "josslEngine", "jsse");

  private TlsInterleaved() {}

  /** A measured slice. */
  record Slice(long ops, long wallNanos, long cpuNanos) {}

  /** Runs one scenario; see the class comment. */
  public static void main(String[] args) throws Exception {
    Scenario sc = Scenario.of(args[0]);
    Path pki = Path.of(args[1]);
    String tlsbench = args[2];
    double warmup = Double.parseDouble(args[3]);
    double slice = Double.parseDouble(args[4]);
    int rounds = Integer.parseInt(args[5]);
    Path outFile = Path.of(args[6]);

    List<String> out = new ArrayList<>();
    Process c =
        new ProcessBuilder(tlsbench, pki.toString(), "--serve")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (PrintWriter toC =
            new PrintWriter(new OutputStreamWriter(c.getOutputStream(), StandardCharsets.UTF_8));
        BufferedReader fromC =
            new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
      Map<String, TlsPair> pairs = new LinkedHashMap<>();
      pairs.put("jossl", new JosslPair(sc, pki));
      pairs.put("josslEngine", new EnginePair(sc, pki));
      pairs.put("jsse", new JssePair(sc, pki));
      for (var e : pairs.entrySet()) {
        out.add("probe " + e.getKey() + " " + e.getValue().probe().line());
        out.add("openssl " + e.getKey() + " " + OpenSslLibrary.version());
      }

      // Warm-up: C needs little (no JIT). Each Java implementation runs until the process has
      // spent `warmup` seconds of CPU on it (the JIT's own work included), in two turns so that
      // code shared by the implementations settles; on a busy machine that takes longer than
      // `warmup` seconds of wall-clock time, and at most twice as long.
      String first = cSlice(toC, fromC, sc, Math.min(warmup, 0.5));
      out.add("probe c " + cProbe(first).line());
      out.add("openssl c " + TlsReport.jsonString(first, "openssl"));
      for (int turn = 0; turn < 2; turn++) {
        for (var e : pairs.entrySet()) {
          long cpu = 0;
          long wall = 0;
          while (cpu < warmup / 2 * 1e9 && wall < warmup * 1e9) {
            Slice w = javaSlice(e.getValue(), Math.min(slice, warmup / 2));
            cpu += w.cpuNanos();
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

      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < IMPLS.size(); k++) {
          String impl = IMPLS.get((r + k) % IMPLS.size());
          Slice s;
          if (impl.equals("c")) {
            String json = cSlice(toC, fromC, sc, slice);
            s =
                new Slice(
                    (long) TlsReport.jsonNumber(json, "ops"),
                    (long) (TlsReport.jsonNumber(json, "wall_s") * 1e9),
                    (long) (TlsReport.jsonNumber(json, "cpu_s") * 1e9));
          } else {
            s = javaSlice(pairs.get(impl), slice);
          }
          out.add(
              "slice " + impl + " " + r + " " + s.ops() + " " + s.wallNanos() + " " + s.cpuNanos());
        }
      }
      for (TlsPair p : pairs.values()) {
        p.close();
      }
    } finally {
      c.destroy();
    }
    Files.write(outFile, out, StandardCharsets.US_ASCII);
  }

  private static long sink;

  /** Operations until {@code seconds} have passed, as tlsbench.c's {@code measure}. */
  static Slice javaSlice(TlsPair pair, double seconds) throws Exception {
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
    return new Slice(ops, t - t0, cpu);
  }

  /**
   * A full GC between slices, outside the measurement: the process's CPU time counts the GC
   * threads, and garbage one implementation left must not be collected on the next one's time.
   */
  private static void settle() {
    System.gc();
  }

  private static String cSlice(PrintWriter to, BufferedReader from, Scenario sc, double seconds)
      throws Exception {
    to.printf(Locale.ROOT, "%s %.3f%n", sc.id, seconds);
    to.flush();
    String line = from.readLine();
    if (line == null) {
      throw new IllegalStateException("tlsbench --serve ended");
    }
    return line;
  }

  static TlsPair.Probe cProbe(String json) {
    return new TlsPair.Probe(
        TlsReport.jsonString(json, "protocol"),
        TlsReport.jsonString(json, "cipher"),
        TlsReport.jsonString(json, "resumed").equals("true"),
        (long) TlsReport.jsonNumber(json, "client_bytes"),
        (long) TlsReport.jsonNumber(json, "server_bytes"),
        (long) TlsReport.jsonNumber(json, "app_bytes"));
  }
}
