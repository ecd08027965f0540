package org.jossl.bench.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.crypto.OpenSslLibrary;

/**
 * Runs every scenario in turns ({@link TlsInterleaved}, one JVM per scenario: C through {@code
 * tlsbench --serve}, jossl's face, jossl's engine and JSSE, slice by slice) and writes the table:
 * to stdout, and into a Markdown file between the markers {@value #BEGIN} and {@value #END} (the
 * rest of the file, e.g. a hand-written analysis, is kept). Started by {@code bin/bench-report}.
 *
 * <p>Options: {@code --c BINARY} (tlsbench, required), {@code --md FILE}, {@code --command TEXT}
 * (the command line to print as the way to reproduce), {@code --long}, {@code --scenarios a,b,...}.
 */
public final class TlsReport {
  /** Start of the generated part of the Markdown file. */
  public static final String BEGIN = "<!-- bench-report:begin -->";

  /** End of the generated part of the Markdown file. */
  public static final String END = "<!-- bench-report:end -->";

  private TlsReport() {}

  /**
   * One implementation's slices in one scenario, in round order: operations per wall-clock second,
   * per CPU second of the measuring process, per CPU second of a server process (connection
   * scenarios, else empty) and per CPU second of both.
   */
  record Result(
      double[] wall,
      double[] cpu,
      double[] serverCpu,
      double[] allCpu,
      TlsPair.Probe probe,
      String openssl) {
    double rate(boolean perCpu) {
      return median(perCpu ? cpu : wall);
    }
  }

  /** How long things run. */
  record Settings(double warmup, double slice, int rounds) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "per scenario one JVM; each Java implementation warmed up for %s s of CPU, then %d"
              + " rounds in which"
              + " each implementation runs for %s s (order rotating by round); values are medians"
              + " over the rounds, ratios are medians of the per-round ratios (interquartile range"
              + " in brackets)",
          trim(warmup),
          rounds,
          trim(slice));
    }
  }

  /** Runs everything; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    String c = null;
    Path md = null;
    String command = "bin/bench-report";
    boolean longRun = false;
    List<Scenario> scenarios = new ArrayList<>();
    for (Scenario sc : Scenario.values()) {
      if (sc.kind.inMemory()) {
        scenarios.add(sc);
      }
    }
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--c" -> c = args[++i];
        case "--md" -> md = Path.of(args[++i]);
        case "--command" -> command = args[++i];
        case "--long" -> longRun = true;
        case "--scenarios" -> {
          scenarios.clear();
          for (String s : args[++i].split(",")) {
            scenarios.add(Scenario.of(s.trim()));
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (c == null) {
      throw new IllegalArgumentException("--c BINARY is required");
    }
    Settings settings = longRun ? new Settings(10, 0.5, 40) : new Settings(4, 0.2, 16);
    String loadBefore = loadAverage();
    Path work = Files.createTempDirectory("jossl-bench-report");
    Path pki = Pki.write(work.resolve("pki"));
    String libssl = OpenSslLibrary.libsslPath();
    checkSameLibrary(c, libssl);

    Map<Scenario, Map<String, Result>> results = new LinkedHashMap<>();
    long start = System.nanoTime();
    for (Scenario sc : scenarios) {
      System.err.println("== " + sc.id);
      Path file = work.resolve(sc.id + ".txt");
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(forkFlags());
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(TlsInterleaved.class.getName());
      cmd.add(sc.id);
      cmd.add(pki.toString());
      cmd.add(c);
      cmd.add(Double.toString(settings.warmup()));
      cmd.add(Double.toString(settings.slice()));
      cmd.add(Integer.toString(settings.rounds()));
      cmd.add(file.toString());
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(sc.id + " failed");
      }
      Map<String, Result> row = read(file, new ArrayList<>());
      System.err.println(summary(sc, row));
      results.put(sc, row);
    }
    long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

    String openssl = null;
    for (Map<String, Result> row : results.values()) {
      for (var e : row.entrySet()) {
        if (openssl == null) {
          openssl = e.getValue().openssl();
        } else if (!openssl.equals(e.getValue().openssl())) {
          throw new IllegalStateException(
              e.getKey() + " ran on " + e.getValue().openssl() + ", not " + openssl);
        }
      }
    }
    String load = loadBefore + " before, " + loadAverage() + " after";
    String report = render(results, settings, command, libssl, openssl, elapsed, load);
    System.out.print(report);
    if (md != null) {
      write(md, BEGIN, END, report);
      System.err.println("written to " + md);
    }
  }

  /**
   * Reads what {@link TlsInterleaved} wrote: the implementations in the order of their probes, and
   * the {@code note} lines' text into {@code notes}.
   */
  static Map<String, Result> read(Path file, List<String> notes) throws IOException {
    Map<String, List<double[]>> slices = new LinkedHashMap<>();
    Map<String, TlsPair.Probe> probes = new LinkedHashMap<>();
    Map<String, String> versions = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(" ", 3);
      switch (f[0]) {
        case "slice" -> {
          String[] v = f[2].split(" ");
          double ops = Double.parseDouble(v[1]);
          double wall = Double.parseDouble(v[2]) / 1e9;
          double cpu = Double.parseDouble(v[3]) / 1e9;
          double server = v.length > 4 ? Double.parseDouble(v[4]) / 1e9 : -1;
          slices
              .computeIfAbsent(f[1], k -> new ArrayList<>())
              .add(
                  new double[] {
                    ops / wall, ops / cpu, server < 0 ? -1 : ops / server, ops / (cpu + server)
                  });
        }
        case "probe" -> probes.put(f[1], TlsPair.Probe.parse(f[2]));
        case "openssl" -> versions.put(f[1], f[2]);
        case "note" -> notes.add(f[1] + " " + f[2]);
        default -> throw new IllegalStateException(line);
      }
    }
    Map<String, Result> row = new LinkedHashMap<>();
    for (String impl : probes.keySet()) {
      List<double[]> s = slices.get(impl);
      boolean server = s.getFirst()[2] >= 0;
      row.put(
          impl,
          new Result(
              s.stream().mapToDouble(x -> x[0]).toArray(),
              s.stream().mapToDouble(x -> x[1]).toArray(),
              server ? s.stream().mapToDouble(x -> x[2]).toArray() : new double[0],
              server ? s.stream().mapToDouble(x -> x[3]).toArray() : new double[0],
              probes.get(impl),
              versions.get(impl)));
    }
    return row;
  }

  private static String summary(Scenario sc, Map<String, Result> row) {
    StringBuilder b = new StringBuilder("   " + sc.id + " per CPU second:");
    for (var e : row.entrySet()) {
      b.append(' ').append(e.getKey()).append('=').append(number(e.getValue().rate(true)));
    }
    return b.toString();
  }

  /**
   * The lines every generated table starts with: when and by what command, the machine, OpenSSL,
   * the JDK and the JVMs' flags ({@code jvms} says which JVMs have them).
   */
  static void header(
      StringBuilder b,
      String command,
      String took,
      String load,
      String openssl,
      String libssl,
      String jvms) {
    String date =
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    b.append("Generated ").append(date).append(" UTC by `").append(command).append("`");
    b.append(" (").append(took).append(").\n\n");
    b.append("- Machine: ").append(cpuModel()).append(", ");
    b.append(Runtime.getRuntime().availableProcessors()).append(" cores, Linux ");
    b.append(System.getProperty("os.version")).append("; load average (1 min) ").append(load);
    b.append('\n');
    b.append("- OpenSSL: ").append(openssl).append(" (`").append(libssl);
    b.append("`), the same library for jossl and C\n");
    b.append("- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ');
    b.append(System.getProperty("java.vm.name")).append(' ');
    b.append(System.getProperty("java.runtime.version")).append('\n');
    b.append("- Java: `").append(String.join(" ", forkFlags()));
    b.append("`").append(jvms).append(", otherwise the JVM's defaults (G1)\n");
  }

  /** The flags of the child JVMs. */
  static List<String> forkFlags() {
    List<String> jvm = new ArrayList<>();
    jvm.add("--enable-native-access=ALL-UNNAMED");
    // A fixed, pre-touched heap: otherwise the heap grows and shrinks (System.gc() between slices)
    // and first touches of new heap pages are charged to whichever implementation runs then.
    jvm.add("-Xms1g");
    jvm.add("-Xmx1g");
    jvm.add("-XX:+AlwaysPreTouch");
    String override = System.getProperty("jossl.openssl");
    if (override != null) {
      jvm.add("-Djossl.openssl=" + override);
    }
    return jvm;
  }

  /** The C binary must load the libssl jossl loaded. */
  static void checkSameLibrary(String binary, String libssl) throws Exception {
    Process p = new ProcessBuilder("ldd", binary).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Matcher m = Pattern.compile("libssl\\.so[^ ]* => ([^ ]+)").matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("ldd " + binary + " shows no libssl:\n" + text);
    }
    Path c = Path.of(m.group(1)).toRealPath();
    Path j = Path.of(libssl).toRealPath();
    if (!c.equals(j)) {
      throw new IllegalStateException(
          "tlsbench loads " + c + " but jossl loads " + j + ": rebuild it with bin/bench-c");
    }
  }

  // ---- the report

  private static String render(
      Map<Scenario, Map<String, Result>> results,
      Settings settings,
      String command,
      String libssl,
      String openssl,
      long elapsed,
      String load) {
    StringBuilder b = new StringBuilder();
    header(b, command, elapsed + " s of measuring", load, openssl, libssl, "");
    b.append("- Runs: ").append(settings.describe()).append('\n');
    b.append('\n');

    b.append("### Per CPU second (operations ÷ CPU time of the process)\n\n");
    table(b, results, true);
    b.append("\n### Per wall-clock second\n\n");
    table(b, results, false);
    bufferTable(b, results);
    b.append("\n### What each implementation negotiated and sent (one operation)\n\n");
    b.append("| scenario | implementation | protocol | cipher | resumed | client→server bytes |");
    b.append(" server→client bytes | data bytes per op |\n");
    b.append("|---|---|---|---|---|---:|---:|---:|\n");
    for (var e : results.entrySet()) {
      for (var r : e.getValue().entrySet()) {
        TlsPair.Probe p = r.getValue().probe();
        b.append("| ").append(e.getKey().id).append(" | ").append(label(r.getKey()));
        b.append(" | ").append(p.protocol()).append(" | ").append(p.cipher());
        b.append(" | ").append(e.getKey().kind == Scenario.Kind.BULK ? "" : p.resumed());
        b.append(" | ").append(p.clientBytes()).append(" | ").append(p.serverBytes());
        b.append(" | ").append(p.appBytes() == 0 ? "" : Long.toString(p.appBytes()));
        b.append(" |\n");
      }
    }
    return b.toString();
  }

  private static void table(
      StringBuilder b, Map<Scenario, Map<String, Result>> results, boolean cpu) {
    b.append("| scenario | unit | C | jossl | jossl engine | JSSE |");
    b.append(" jossl/C | engine/C | jossl/JSSE | engine/JSSE |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (var e : results.entrySet()) {
      Scenario sc = e.getKey();
      Map<String, Result> row = e.getValue();
      boolean bulk = sc.kind == Scenario.Kind.BULK;
      b.append("| ").append(sc.id).append(" | ").append(bulk ? "MB/s" : "handshakes/s");
      for (String impl : TlsInterleaved.IMPLS) {
        Result r = row.get(impl);
        double v = r.rate(cpu);
        b.append(" | ").append(number(bulk ? v * r.probe().appBytes() / 1e6 : v));
      }
      b.append(" | ").append(ratio(row, "jossl", "c", cpu));
      b.append(" | ").append(ratio(row, "josslEngine", "c", cpu));
      b.append(" | ").append(ratio(row, "jossl", "jsse", cpu));
      b.append(" | ").append(ratio(row, "josslEngine", "jsse", cpu));
      b.append(" |\n");
    }
  }

  /**
   * Bulk through the pyOpenSSL face's direct-{@code ByteBuffer} overloads, beside its {@code
   * byte[]} calls and the engine, per CPU second.
   */
  private static void bufferTable(StringBuilder b, Map<Scenario, Map<String, Result>> results) {
    boolean any = false;
    for (var e : results.entrySet()) {
      Map<String, Result> row = e.getValue();
      if (!row.containsKey("josslBuffers")) {
        continue;
      }
      if (!any) {
        b.append("\n### Bulk through the face with direct ByteBuffers (per CPU second)\n\n");
        b.append(
            "`jossl` above makes the calls a pyOpenSSL program makes (`bio_read(n)` returns a");
        b.append(" new array per record; `send`/`recv_into` copy between the Java heap and");
        b.append(" OpenSSL); `jossl ByteBuffer` makes the same calls with the `ByteBuffer`");
        b.append(" overloads and reused direct buffers, as a Java program would.\n\n");
        b.append("| scenario | C | jossl | jossl ByteBuffer | jossl engine | JSSE |");
        b.append(" ByteBuffer/C | ByteBuffer/JSSE |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        any = true;
      }
      b.append("| ").append(e.getKey().id);
      for (String impl : TlsInterleaved.BULK_IMPLS) {
        Result r = row.get(impl);
        b.append(" | ").append(number(r.rate(true) * r.probe().appBytes() / 1e6));
      }
      b.append(" | ").append(ratio(row, "josslBuffers", "c", true));
      b.append(" | ").append(ratio(row, "josslBuffers", "jsse", true));
      b.append(" |\n");
    }
  }

  /** The median and interquartile range of the per-round ratios of bytes (or handshakes). */
  private static String ratio(Map<String, Result> row, String a, String b, boolean cpu) {
    Result x = row.get(a);
    Result y = row.get(b);
    double scale =
        x.probe().appBytes() == 0 ? 1 : (double) x.probe().appBytes() / y.probe().appBytes();
    return ratio(cpu ? x.cpu() : x.wall(), cpu ? y.cpu() : y.wall(), scale);
  }

  /**
   * The median and interquartile range of the per-round ratios {@code xs[i] / ys[i] * scale}:
   * "median (first quartile–third quartile)".
   */
  static String ratio(double[] xs, double[] ys, double scale) {
    double[] r = new double[Math.min(xs.length, ys.length)];
    for (int i = 0; i < r.length; i++) {
      r[i] = xs[i] / ys[i] * scale;
    }
    Arrays.sort(r);
    return String.format(
        Locale.ROOT, "%.2f (%.2f–%.2f)", median(r), quantile(r, 0.25), quantile(r, 0.75));
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  private static String label(String impl) {
    return switch (impl) {
      case "c" -> "C";
      case "josslEngine" -> "jossl engine";
      case "josslBuffers" -> "jossl ByteBuffer";
      case "jsse" -> "JSSE";
      default -> impl;
    };
  }

  static String number(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f×", a / b);
  }

  static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  /**
   * Replaces the part of {@code md} between the markers {@code begin} and {@code end} (or appends
   * it), keeping everything else.
   */
  static void write(Path md, String begin, String end, String report) throws IOException {
    String block = begin + "\n" + report + end + "\n";
    String text;
    if (Files.exists(md)) {
      String old = Files.readString(md);
      int i = old.indexOf(begin);
      int j = old.indexOf(end);
      text =
          i >= 0 && j > i
              ? old.substring(0, i)
                  + block
                  + old.substring(j + end.length()).replaceFirst("^\n", "")
              : old + "\n" + block;
    } else {
      text = "# Performance\n\n" + block;
    }
    Files.createDirectories(md.toAbsolutePath().getParent());
    Files.writeString(md, text);
  }

  // ---- helpers

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static String jsonString(String json, String key) {
    Matcher m =
        Pattern.compile("\"" + key + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + key + " in " + json);
    }
    return m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(1);
  }

  static double jsonNumber(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + key + " in " + json);
    }
    return Double.parseDouble(m.group(1));
  }
}
