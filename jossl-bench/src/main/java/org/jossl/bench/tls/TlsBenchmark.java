package org.jossl.bench.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * TLS in memory, one thread, client and server in the same process: handshakes per second and 16
 * KiB records per second, for jossl's pyOpenSSL face ({@code jossl}), jossl's engine ({@code
 * josslEngine}) and the JDK's JSSE ({@code jsse}). The C program {@code src/main/c/tlsbench.c} runs
 * the same scenarios on the same libssl; {@code bin/bench-report} runs everything and writes
 * docs/PERFORMANCE.md. Alone: {@code bin/bench TlsBenchmark -p scenario=tls13-ecdsa-full}.
 *
 * <p>Each (method, scenario) runs in its own JVM, so JSSE's once-per-JVM ticket setting fits the
 * scenario. When the system property {@value #OUT} names a directory, each fork writes there what
 * its implementation negotiated ({@code probe-METHOD-SCENARIO.txt}, one {@link TlsPair.Probe} line)
 * and, per measured iteration, the operations, wall time and the process's CPU time ({@code
 * cpu-METHOD-SCENARIO.txt}): on a shared machine, operations per CPU second are steadier than per
 * wall second, and the process's CPU time also counts the JVM's GC and JIT threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TlsBenchmark {
  /** System property: directory for the probe files. */
  public static final String OUT = "jossl.bench.out";

  /** The scenario's {@link Scenario#id}. */
  @Param({
    "tls13-ecdsa-full",
    "tls13-rsa-full",
    "tls13-ecdsa-resumed",
    "tls12-ecdsa-full",
    "bulk-aes128gcm",
    "bulk-aes256gcm",
    "bulk-chacha20poly1305"
  })
  public String scenario;

  private TlsPair pair;
  private Path out;
  private String name;
  private long ops;
  private long wall0;
  private long cpu0;
  private boolean measuring;

  /** Builds the pair for the method being measured, and probes it. */
  @Setup(Level.Trial)
  public void setup(BenchmarkParams params) throws Exception {
    String benchmark = params.getBenchmark();
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    Scenario sc = Scenario.of(scenario);
    Path pki = Pki.directory();
    pair =
        switch (method) {
          case "jossl" -> new JosslPair(sc, pki);
          case "josslEngine" -> new EnginePair(sc, pki);
          case "jsse" -> new JssePair(sc, pki);
          default -> throw new IllegalStateException(method);
        };
    TlsPair.Probe probe = pair.probe();
    name = method + "-" + scenario + ".txt";
    String dir = System.getProperty(OUT);
    if (dir != null) {
      out = Path.of(dir);
      Files.writeString(
          out.resolve("probe-" + name), probe.line() + "\n", StandardCharsets.US_ASCII);
      Files.deleteIfExists(out.resolve("cpu-" + name));
    }
  }

  /** Starts counting an iteration's operations, wall time and CPU time. */
  @Setup(Level.Iteration)
  public void startIteration(IterationParams params) {
    measuring = params.getType() == IterationType.MEASUREMENT;
    ops = 0;
    cpu0 = processCpuNanos();
    wall0 = System.nanoTime();
  }

  /** Appends {@code ops wallNanos cpuNanos} of a measured iteration to the cpu file. */
  @TearDown(Level.Iteration)
  public void endIteration() throws Exception {
    long wall = System.nanoTime() - wall0;
    long cpu = processCpuNanos() - cpu0;
    if (measuring && out != null) {
      Files.writeString(
          out.resolve("cpu-" + name),
          ops + " " + wall + " " + cpu + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  private static long processCpuNanos() {
    return CpuClock.processNanos();
  }

  /** Frees the pair. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    pair.close();
  }

  /** jossl through pyOpenSSL's API: Connection, bio_read/bio_write, send/recv_into. */
  @Benchmark
  public long jossl() throws Exception {
    ops++;
    return pair.op();
  }

  /** jossl's engine, native buffers, status codes. */
  @Benchmark
  public long josslEngine() throws Exception {
    ops++;
    return pair.op();
  }

  /** The JDK's SSLEngine. */
  @Benchmark
  public long jsse() throws Exception {
    ops++;
    return pair.op();
  }
}
