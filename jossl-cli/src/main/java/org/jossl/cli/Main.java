package org.jossl.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jossl.crypto.OpenSslLibrary;

/**
 * The {@code jossl} command: {@code jossl VERB [flags]}. Every failure is one line on stderr and a
 * non-zero exit; {@code -debug} anywhere adds the stack trace.
 */
public final class Main {
  private Main() {}

  static final List<Verb> VERBS =
      List.of(
          new DemoVerb(),
          new VersionVerb(),
          new X509Verb(),
          new CaVerb(),
          new SClientVerb(),
          new SServerVerb(),
          new GetServerCertVerb());

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int status = run(List.of(args), out, err);
    out.flush();
    System.exit(status);
  }

  /** Runs {@code jossl args...}; returns the exit status. */
  static int run(List<String> argv, PrintStream out, PrintStream err) {
    List<String> args = new ArrayList<>(argv);
    boolean debug = args.remove("-debug") | args.remove("--debug");
    if (args.isEmpty() || List.of("-h", "-help", "--help", "help").contains(args.getFirst())) {
      out.print(usage());
      return args.isEmpty() ? 2 : 0;
    }
    Map<String, Verb> verbs =
        VERBS.stream().collect(Collectors.toMap(Verb::name, Function.identity()));
    String name = args.removeFirst();
    Verb verb = verbs.get(name);
    if (verb == null) {
      err.println("jossl: unknown verb '" + name + "' (try jossl -h)");
      return 2;
    }
    if (args.contains("-h") || args.contains("-help") || args.contains("--help")) {
      out.print(verb.help());
      return 0;
    }
    try {
      if (!OpenSslLibrary.isAvailable()) {
        // the library's text names itself ("jossl: ..."); this line already starts with "jossl"
        String problem = OpenSslLibrary.problem();
        throw new CliException(
            problem.startsWith("jossl: ") ? problem.substring("jossl: ".length()) : problem);
      }
      return verb.run(args, out, err);
    } catch (CliException e) {
      // one line, whatever the message holds (e.g. a file name with a line break)
      err.println("jossl " + name + ": " + e.getMessage().replaceAll("\\R+", " "));
      if (debug) {
        e.printStackTrace(err);
      }
      return e.exitCode();
    } catch (Exception | LinkageError e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      err.println("jossl " + name + ": " + message.lines().findFirst().orElse(message));
      if (debug) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  static String usage() {
    StringBuilder b = new StringBuilder();
    b.append("usage: jossl VERB [flags]   (jossl VERB -h lists the flags of VERB)\n\n");
    for (Verb v : VERBS) {
      b.append(String.format("  %-16s %s%n", v.name(), v.summary()));
    }
    b.append("\n  -debug           on any verb: print the stack trace of a failure\n");
    return b.toString();
  }
}
