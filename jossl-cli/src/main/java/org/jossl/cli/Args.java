package org.jossl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one verb, parsed as {@code openssl} spells them: {@code -flag}, {@code -flag
 * value}, and positional operands. Unknown flags are errors.
 */
final class Args {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();
  private final String verb;

  private Args(String verb) {
    this.verb = verb;
  }

  /**
   * Parses {@code args}.
   *
   * @param withValue flags that take a value
   * @param switches flags that take none
   */
  static Args parse(String verb, List<String> args, Set<String> withValue, Set<String> switches)
      throws CliException {
    Args a = new Args(verb);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-") && arg.length() > 1 && !arg.equals("-")) {
        String flag = arg.startsWith("--") ? arg.substring(1) : arg;
        if (withValue.contains(flag)) {
          if (i + 1 >= args.size()) {
            throw CliException.usage(flag + " needs a value (see jossl " + verb + " -h)");
          }
          a.values.put(flag, args.get(++i));
        } else if (switches.contains(flag)) {
          a.values.put(flag, "");
        } else {
          throw CliException.usage("unknown flag " + arg + " (see jossl " + verb + " -h)");
        }
      } else {
        a.positional.add(arg);
      }
    }
    return a;
  }

  boolean has(String flag) {
    return values.containsKey(flag);
  }

  String get(String flag) {
    return values.get(flag);
  }

  String get(String flag, String fallback) {
    return values.getOrDefault(flag, fallback);
  }

  int getInt(String flag, int fallback) throws CliException {
    String v = values.get(flag);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw CliException.usage(flag + " needs a number, not '" + v + "'");
    }
  }

  List<String> positional() {
    return positional;
  }
}
