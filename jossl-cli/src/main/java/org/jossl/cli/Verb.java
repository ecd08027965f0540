package org.jossl.cli;

import java.io.PrintStream;
import java.util.List;

/** One verb of the {@code jossl} command. */
interface Verb {
  /** The word that selects it: {@code jossl NAME …}. */
  String name();

  /** One line for {@code jossl -h}. */
  String summary();

  /** The {@code -h} text: synopsis and every flag. */
  String help();

  /** Runs the verb; returns the exit code. */
  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
