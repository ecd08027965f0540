package org.jossl.bench.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jossl.crypto.OpenSslLibrary;

/**
 * TLS over loopback sockets, jossl against JSSE and C, and writes the table: to stdout, and into a
 * Markdown file between {@value #BEGIN} and {@value #END}. Started by {@code bin/bench-sockets}
 * (and by {@code bin/bench-report}). Three parts:
 *
 * <ul>
 *   <li>{@code bulk}: one connection's throughput ({@link SocketBulk}, C's socket mode), in turns
 *       as the in-memory scenarios ({@link TlsInterleaved}, one JVM per scenario);
 *   <li>{@code connections}: new and resumed connections from many concurrent clients ({@link
 *       ConnectionLoad} against a {@link ConnectionServer} JVM), in turns;
 *   <li>{@code memory}: memory per idle connection ({@link IdleMemory}: a server JVM and a client
 *       JVM per implementation; {@code tlsbench --idle} for OpenSSL's own share).
 * </ul>
 *
 * <p>Options: {@code --c BINARY} (tlsbench, required), {@code --md FILE}, {@code --command TEXT},
 * {@code --long}, {@code --smoke} (a few short slices, to check that everything runs), {@code
 * --parts bulk,connections,memory}, {@code --idle N} (connections held open, default 10,000,
 * lowered to what the open-files limit allows), {@code --concurrency N} (clients of the connection
 * scenarios, default 64).
 */
public final class SocketReport {
  /** Start of the generated part of the Markdown file. */
  public static final String BEGIN = "<!-- bench-sockets:begin -->";

  /** End of the generated part of the Markdown file. */
  public static final String END = "<!-- bench-sockets:end -->";

  /** File descriptors a memory JVM needs besides its connections. */
  private static final int FD_HEADROOM = 256;

  private SocketReport() {}

  /** How long things run. */
  record Settings(
      double bulkWarmup,
      double bulkSlice,
      int bulkRounds,
      double connectWarmup,
      double connectSlice,
      int connectRounds) {
    static Settings quick() {
      return new Settings(4, 0.3, 16, 4, 1, 12);
    }

    /** Only to see that everything runs: the numbers mean little. */
    static Settings smoke() {
      return new Settings(1, 0.2, 3, 1, 0.5, 3);
    }

    static Settings longRun() {
      return new Settings(10, 0.5, 40, 10, 2, 30);
    }
  }

  /** One scenario's results and the notes its run wrote. */
  record Run(Map<String, TlsReport.Result> row, List<String> notes) {}

  /** Runs the parts; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    String c = null;
    Path md = null;
    String command = "bin/bench-sockets";
    boolean longRun = false;
    boolean smoke = false;
    List<String> parts = List.of("bulk", "connections", "memory");
    int idle = 10_000;
    int concurrency = 64;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--c" -> c = args[++i];
        case "--md" -> md = Path.of(args[++i]);
        case "--command" -> command = args[++i];
        case "--long" -> longRun = true;
        case "--smoke" -> smoke = true;
        case "--parts" -> parts = List.of(args[++i].split(","));
        case "--idle" -> idle = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (c == null) {
      throw new IllegalArgumentException("--c BINARY is required");
    }
    for (String p : parts) {
      if (!List.of("bulk", "connections", "memory").contains(p)) {
        throw new IllegalArgumentException("unknown part " + p);
      }
    }
    Settings settings = smoke ? Settings.smoke() : longRun ? Settings.longRun() : Settings.quick();
    String loadBefore = TlsReport.loadAverage();
    Path work = Files.createTempDirectory("jossl-bench-sockets");
    Path pki = Pki.write(work.resolve("pki"));
    String libssl = OpenSslLibrary.libsslPath();
    TlsReport.checkSameLibrary(c, libssl);
    long start = System.nanoTime();

    Map<Scenario, Run> bulk = new LinkedHashMap<>();
    Map<Scenario, Run> connections = new LinkedHashMap<>();
    Memory memory = null;
    for (String part : parts) {
      switch (part) {
        case "bulk" -> {
          for (Scenario sc :
              List.of(Scenario.SOCKET_BULK_AES128_GCM, Scenario.SOCKET_BULK_CHACHA20)) {
            bulk.put(
                sc,
                interleaved(
                    sc,
                    pki,
                    c,
                    settings.bulkWarmup(),
                    settings.bulkSlice(),
                    settings.bulkRounds(),
                    concurrency,
                    work));
          }
        }
        case "connections" -> {
          for (Scenario sc : List.of(Scenario.CONNECT_FULL, Scenario.CONNECT_RESUMED)) {
            connections.put(
                sc,
                interleaved(
                    sc,
                    pki,
                    c,
                    settings.connectWarmup(),
                    settings.connectSlice(),
                    settings.connectRounds(),
                    concurrency,
                    work));
          }
        }
        default -> memory = memory(pki, c, idle);
      }
    }
    long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    String load = loadBefore + " before, " + TlsReport.loadAverage() + " after";
    String report =
        render(bulk, connections, memory, settings, concurrency, command, libssl, elapsed, load);
    System.out.print(report);
    if (md != null) {
      TlsReport.write(md, BEGIN, END, report);
      System.err.println("written to " + md);
    }
  }

  /** One scenario in its own JVM ({@link TlsInterleaved}). */
  private static Run interleaved(
      Scenario sc,
      Path pki,
      String c,
      double warmup,
      double slice,
      int rounds,
      int concurrency,
      Path work)
      throws Exception {
    System.err.println("== " + sc.id);
    Path file = work.resolve(sc.id + ".txt");
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(TlsReport.forkFlags());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(TlsInterleaved.class.getName());
    cmd.add(sc.id);
    cmd.add(pki.toString());
    cmd.add(c);
    cmd.add(Double.toString(warmup));
    cmd.add(Double.toString(slice));
    cmd.add(Integer.toString(rounds));
    cmd.add(file.toString());
    cmd.add(Integer.toString(concurrency));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    // bounded: a scenario takes a few minutes at most, even under load
    long limit = (long) (10 * 60 + rounds * slice * 20);
    if (!p.waitFor(limit, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(sc.id + " took more than " + limit + " s");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(sc.id + " failed");
    }
    List<String> notes = new ArrayList<>();
    Map<String, TlsReport.Result> row = TlsReport.read(file, notes);
    StringBuilder b = new StringBuilder("   " + sc.id + " per CPU second:");
    for (var e : row.entrySet()) {
      b.append(' ')
          .append(e.getKey())
          .append('=')
          .append(TlsReport.number(e.getValue().rate(true)));
    }
    System.err.println(b);
    return new Run(row, notes);
  }

  // ---- memory

  /** The memory part's results. */
  record Memory(
      int connections,
      String limitNote,
      Map<String, IdleMemory.Result> java,
      String c,
      String breakdown,
      List<String> jvmFlags) {}

  private static Memory memory(Path pki, String c, int wanted) throws Exception {
    long[] limits = openFilesLimits();
    int n = wanted;
    String note = "";
    if (limits[0] > 0 && n + FD_HEADROOM > limits[0]) {
      n = (int) (limits[0] - FD_HEADROOM);
      note =
          String.format(
              Locale.ROOT,
              "%,d connections instead of the %,d asked for: the limit on open files is %d (hard"
                  + " limit %d) and each JVM needs one per connection plus %d",
              n,
              wanted,
              limits[0],
              limits[1],
              FD_HEADROOM);
      System.err.println("   " + note);
    }
    if (n < 100) {
      throw new IllegalStateException("too few file descriptors for the memory part: " + note);
    }
    System.err.println("== idle memory, " + n + " connections");
    Process p =
        new ProcessBuilder(c, pki.toString(), "--idle", Integer.toString(n))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String cJson = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("tlsbench --idle failed");
    }
    String breakdown = cOutput(c, pki.toString(), "--idle-breakdown");
    List<String> flags = memoryFlags();
    Map<String, IdleMemory.Result> java = new LinkedHashMap<>();
    for (String impl : List.of("jossl", "jsse")) {
      IdleMemory.Result r = IdleMemory.run(impl, Scenario.IDLE, pki, n, 32, flags, System.err);
      System.err.println("   " + r);
      java.put(impl, r);
    }
    return new Memory(n, note, java, cJson, breakdown, flags);
  }

  /** What the C program prints for {@code args}; its stderr goes to ours. */
  private static String cOutput(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", args) + " failed");
    }
    return out;
  }

  /**
   * {@code tlsbench --idle-breakdown}'s output as bytes per OpenSSL source line: [server, client]
   * per line, in the order of the combined size, largest first.
   */
  static Map<String, long[]> breakdown(String text) {
    Map<String, long[]> lines = new LinkedHashMap<>();
    int end = -1;
    for (String l : text.split("\n")) {
      if (l.startsWith("server end:")) {
        end = 0;
      } else if (l.startsWith("client end:")) {
        end = 1;
      } else if (end >= 0 && l.matches("\\s*\\d+\\s+\\d+\\s+\\S+")) {
        String[] f = l.trim().split("\\s+");
        lines.computeIfAbsent(f[2], k -> new long[2])[end] += Long.parseLong(f[0]);
      }
    }
    List<Map.Entry<String, long[]>> sorted = new ArrayList<>(lines.entrySet());
    sorted.sort(
        (a, b) ->
            Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]));
    Map<String, long[]> out = new LinkedHashMap<>();
    sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** The memory JVMs' flags: a fixed, pre-touched heap, so that RSS grows only outside it. */
  private static List<String> memoryFlags() {
    return TlsReport.forkFlags();
  }

  /** [soft, hard] "Max open files" of this process (inherited by its children); -1 if unknown. */
  static long[] openFilesLimits() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (l.startsWith("Max open files")) {
          String[] f = l.substring("Max open files".length()).trim().split("\\s+");
          return new long[] {parseLimit(f[0]), parseLimit(f[1])};
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return new long[] {-1, -1};
  }

  private static long parseLimit(String s) {
    return s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s);
  }

  // ---- the report

  private static String render(
      Map<Scenario, Run> bulk,
      Map<Scenario, Run> connections,
      Memory memory,
      Settings settings,
      int concurrency,
      String command,
      String libssl,
      long elapsed,
      String load) {
    StringBuilder b = new StringBuilder();
    TlsReport.header(
        b, command, elapsed + " s", load, OpenSslLibrary.version(), libssl, " in every JVM");
    b.append(
        String.format(
            Locale.ROOT,
            "- Runs: bulk: per scenario one JVM, each Java implementation warmed up for %s s of"
                + " CPU, then %d rounds of %s s slices; connections: per scenario one client JVM"
                + " and one server JVM, %d concurrent clients, warm-up %s s of CPU, then %d rounds"
                + " of %s s slices. Values are medians over the rounds, ratios medians of the"
                + " per-round ratios (interquartile range in brackets)\n",
            TlsReport.trim(settings.bulkWarmup()),
            settings.bulkRounds(),
            TlsReport.trim(settings.bulkSlice()),
            concurrency,
            TlsReport.trim(settings.connectWarmup()),
            settings.connectRounds(),
            TlsReport.trim(settings.connectSlice())));
    b.append('\n');
    if (!bulk.isEmpty()) {
      renderBulk(b, bulk);
    }
    if (!connections.isEmpty()) {
      renderConnections(b, connections);
    }
    if (memory != null) {
      renderMemory(b, memory);
    }
    return b.toString();
  }

  private static void renderBulk(StringBuilder b, Map<Scenario, Run> bulk) {
    b.append("### Bulk over one loopback connection (MB/s of application data)\n\n");
    b.append("`jossl` is Python's `sendall`/`recv_into` with byte arrays; `jossl ByteBuffer` the");
    b.append(" same `SslSocket` calls with reused direct `ByteBuffer`s.\n\n");
    b.append("| scenario | per | C | jossl | jossl ByteBuffer | JSSE | jossl/C | ByteBuffer/C |");
    b.append(" jossl/JSSE | ByteBuffer/JSSE |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (boolean cpu : new boolean[] {true, false}) {
      for (var e : bulk.entrySet()) {
        Map<String, TlsReport.Result> row = e.getValue().row();
        b.append("| ").append(e.getKey().id).append(" | ");
        b.append(cpu ? "CPU second" : "wall-clock second");
        for (String impl : TlsInterleaved.SOCKET_IMPLS) {
          TlsReport.Result r = row.get(impl);
          b.append(" | ").append(TlsReport.number(r.rate(cpu) * r.probe().appBytes() / 1e6));
        }
        b.append(" | ").append(bytesRatio(row, "jossl", "c", cpu));
        b.append(" | ").append(bytesRatio(row, "josslBuffers", "c", cpu));
        b.append(" | ").append(bytesRatio(row, "jossl", "jsse", cpu));
        b.append(" | ").append(bytesRatio(row, "josslBuffers", "jsse", cpu));
        b.append(" |\n");
      }
    }
    b.append("\nWhat each negotiated, and the data bytes one operation (one record) carries: ");
    List<String> seen = new ArrayList<>();
    for (var e : bulk.entrySet()) {
      for (var r : e.getValue().row().entrySet()) {
        TlsPair.Probe p = r.getValue().probe();
        seen.add(
            e.getKey().id
                + " "
                + label(r.getKey())
                + " "
                + p.protocol()
                + " "
                + p.cipher()
                + " "
                + p.appBytes());
      }
    }
    b.append(String.join("; ", seen)).append(".\n\n");
  }

  private static String bytesRatio(
      Map<String, TlsReport.Result> row, String a, String c, boolean cpu) {
    TlsReport.Result x = row.get(a);
    TlsReport.Result y = row.get(c);
    double scale = (double) x.probe().appBytes() / y.probe().appBytes();
    return TlsReport.ratio(cpu ? x.cpu() : x.wall(), cpu ? y.cpu() : y.wall(), scale);
  }

  private static void renderConnections(StringBuilder b, Map<Scenario, Run> connections) {
    b.append(
        "### New and resumed connections, many concurrent clients (connections per second)\n\n");
    b.append("| scenario | clients → server | per server CPU second | per client CPU second |");
    b.append(" per CPU second, both | per wall-clock second | resumed |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (var e : connections.entrySet()) {
      Map<String, TlsReport.Result> row = e.getValue().row();
      Map<String, Map<String, String>> notes = notes(e.getValue().notes());
      for (String impl : TlsInterleaved.CONNECT_IMPLS) {
        TlsReport.Result r = row.get(impl);
        Map<String, String> n = notes.getOrDefault(impl, Map.of());
        b.append("| ").append(e.getKey().id).append(" | ").append(pairLabel(impl));
        b.append(" | ").append(TlsReport.number(TlsReport.median(r.serverCpu())));
        b.append(" | ").append(TlsReport.number(TlsReport.median(r.cpu())));
        b.append(" | ").append(TlsReport.number(TlsReport.median(r.allCpu())));
        b.append(" | ").append(TlsReport.number(TlsReport.median(r.wall())));
        b.append(" | ").append(resumedShare(n));
        b.append(" |\n");
      }
    }
    b.append("\n| scenario | jossl server ÷ JSSE server, per server CPU second (same jossl");
    b.append(" clients) | jossl ÷ JSSE, both ends, per CPU second | jossl ÷ JSSE, both ends,");
    b.append(" per wall-clock second |\n");
    b.append("|---|---:|---:|---:|\n");
    for (var e : connections.entrySet()) {
      Map<String, TlsReport.Result> row = e.getValue().row();
      b.append("| ").append(e.getKey().id);
      b.append(" | ")
          .append(
              TlsReport.ratio(row.get("jossl").serverCpu(), row.get("jsseServer").serverCpu(), 1));
      b.append(" | ")
          .append(TlsReport.ratio(row.get("jossl").allCpu(), row.get("jsse").allCpu(), 1));
      b.append(" | ").append(TlsReport.ratio(row.get("jossl").wall(), row.get("jsse").wall(), 1));
      b.append(" |\n");
    }
    List<String> failures = new ArrayList<>();
    for (var e : connections.entrySet()) {
      for (var n : notes(e.getValue().notes()).entrySet()) {
        long f =
            Long.parseLong(n.getValue().getOrDefault("client_failures", "0"))
                + Long.parseLong(n.getValue().getOrDefault("server_failures", "0"));
        if (f > 0) {
          failures.add(e.getKey().id + " " + pairLabel(n.getKey()) + ": " + f);
        }
      }
    }
    b.append("\nFailed connections: ");
    b.append(failures.isEmpty() ? "none" : String.join("; ", failures)).append(".\n\n");
  }

  /** The {@code note IMPL key=value ...} lines by implementation. */
  private static Map<String, Map<String, String>> notes(List<String> lines) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      Map<String, String> m = out.computeIfAbsent(f[0], k -> new LinkedHashMap<>());
      for (int i = 1; i < f.length; i++) {
        int eq = f[i].indexOf('=');
        if (eq > 0 && !f[i].startsWith("first_")) {
          m.put(f[i].substring(0, eq), f[i].substring(eq + 1));
        }
      }
    }
    return out;
  }

  private static String resumedShare(Map<String, String> n) {
    long handshakes = Long.parseLong(n.getOrDefault("server_handshakes", "0"));
    long resumed = Long.parseLong(n.getOrDefault("server_resumed", "0"));
    return handshakes == 0
        ? ""
        : String.format(Locale.ROOT, "%.0f%%", 100.0 * resumed / handshakes);
  }

  private static void renderMemory(StringBuilder b, Memory m) {
    b.append(
        String.format(
            Locale.ROOT,
            "### Memory per idle connection (%,d connections open, bytes per connection)%n%n",
            m.connections()));
    if (!m.limitNote().isEmpty()) {
      b.append("Note: ").append(m.limitNote()).append(".\n\n");
    }
    if (m.connections() < 5_000) {
      b.append("Note: with fewer than about 5,000 connections the JVMs' own drift (GC, JIT, code")
          .append(
              " cache: a few MB) outweighs the connections; negative values are that noise.\n\n");
    }
    b.append("| implementation | server: heap | server: outside the heap (RSS) |");
    b.append(" server: malloc | server total | client: heap | client: outside the heap (RSS) |");
    b.append(" client: malloc | client total | both ends |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (var e : m.java().entrySet()) {
      IdleMemory.Result r = e.getValue();
      int n = r.connections();
      double sh = r.server().perConnection(0, n);
      double sr = r.server().perConnection(1, n);
      double ch = r.client().perConnection(0, n);
      double cr = r.client().perConnection(1, n);
      b.append("| ").append(label(e.getKey()));
      b.append(" | ").append(bytes(sh)).append(" | ").append(bytes(sr));
      b.append(" | ").append(bytes(r.server().perConnection(2, n)));
      b.append(" | **").append(bytes(sh + sr)).append("**");
      b.append(" | ").append(bytes(ch)).append(" | ").append(bytes(cr));
      b.append(" | ").append(bytes(r.client().perConnection(2, n)));
      b.append(" | **").append(bytes(ch + cr)).append("**");
      b.append(" | **").append(bytes(sh + sr + ch + cr)).append("** |\n");
    }
    String c = m.c();
    for (String suffix : new String[] {"", "_release_buffers"}) {
      double s = TlsReport.jsonNumber(c, "server_bytes" + suffix);
      double k = TlsReport.jsonNumber(c, "client_bytes" + suffix);
      b.append("| OpenSSL alone (C, memory BIOs")
          .append(suffix.isEmpty() ? "" : ", SSL_MODE_RELEASE_BUFFERS")
          .append(") | | | ");
      b.append(bytes(s)).append(" | ").append(bytes(s)).append(" | | | ");
      b.append(bytes(k)).append(" | ").append(bytes(k)).append(" | ");
      b.append(bytes(s + k)).append(" |\n");
    }
    renderBreakdown(b, m.breakdown());
    IdleMemory.Result j = m.java().get("jossl");
    IdleMemory.Result s = m.java().get("jsse");
    if (j != null && s != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "%njossl ÷ JSSE: server %.2f, client %.2f, both ends %.2f. Opening the connections"
                  + " took %.1f s with jossl and %.1f s with JSSE (32 clients at a time).%n%n",
              total(j, true) / total(s, true),
              total(j, false) / total(s, false),
              (total(j, true) + total(j, false)) / (total(s, true) + total(s, false)),
              j.openSeconds(),
              s.openSeconds()));
    }
  }

  /** The largest of OpenSSL's live allocations per idle end, by source line, and the rest. */
  private static void renderBreakdown(StringBuilder b, String text) {
    Map<String, long[]> lines = breakdown(text);
    if (lines.isEmpty()) {
      return;
    }
    b.append(
            "\nWhere OpenSSL's bytes go (`tlsbench --idle-breakdown`: one idle pair as above, with")
        .append(" `SSL_MODE_RELEASE_BUFFERS`; the bytes OpenSSL asked its allocator for, without")
        .append(" malloc's own overhead):\n\n");
    b.append("| OpenSSL source line | server end | client end |\n|---|---:|---:|\n");
    long[] rest = new long[2];
    long[] all = new long[2];
    int shown = 0;
    for (var e : lines.entrySet()) {
      long[] v = e.getValue();
      all[0] += v[0];
      all[1] += v[1];
      if (shown++ < 8) {
        b.append("| `").append(e.getKey()).append("` | ").append(bytes(v[0]));
        b.append(" | ").append(bytes(v[1])).append(" |\n");
      } else {
        rest[0] += v[0];
        rest[1] += v[1];
      }
    }
    b.append("| ").append(lines.size() - Math.min(8, lines.size())).append(" other lines | ");
    b.append(bytes(rest[0])).append(" | ").append(bytes(rest[1])).append(" |\n");
    b.append("| **all** | **").append(bytes(all[0])).append("** | **").append(bytes(all[1]));
    b.append("** |\n");
  }

  private static double total(IdleMemory.Result r, boolean server) {
    IdleMemory.Side side = server ? r.server() : r.client();
    return side.perConnection(0, r.connections()) + side.perConnection(1, r.connections());
  }

  private static String bytes(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String label(String impl) {
    return switch (impl) {
      case "c" -> "C";
      case "jsse" -> "JSSE";
      case "josslBuffers" -> "jossl ByteBuffer";
      default -> impl;
    };
  }

  private static String pairLabel(String impl) {
    return switch (impl) {
      case "jossl" -> "jossl → jossl";
      case "jsseServer" -> "jossl → JSSE";
      case "jsse" -> "JSSE → JSSE";
      default -> impl;
    };
  }
}
