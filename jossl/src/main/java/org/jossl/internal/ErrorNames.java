package org.jossl.internal;

import java.util.HashMap;
import java.util.Map;

/** Looks up Python's library and reason mnemonics in the generated {@link ErrorTable}. */
public final class ErrorNames {
  private ErrorNames() {}

  private static final Map<Integer, String> LIBRARIES = new HashMap<>();
  private static final Map<Long, String> REASONS = new HashMap<>();

  static {
    parse(ErrorTable.LIBRARIES, true);
    for (String part : ErrorTable.REASONS) {
      parse(part, false);
    }
  }

  private static void parse(String rows, boolean libraries) {
    int start = 0;
    while (start < rows.length()) {
      int end = rows.indexOf('\n', start);
      String[] f = rows.substring(start, end).split("\t");
      int lib = Integer.parseInt(f[0]);
      if (libraries) {
        LIBRARIES.put(lib, f[2]);
      } else {
        REASONS.put(key(lib, Integer.parseInt(f[1])), f[2]);
      }
      start = end + 1;
    }
  }

  private static long key(int library, int reason) {
    return ((long) library << 32) | (reason & 0xFFFF_FFFFL);
  }

  /** The mnemonic of library {@code library} ("SSL" for 20), or null. */
  public static String library(int library) {
    return LIBRARIES.get(library);
  }

  /** The mnemonic of {@code reason} in {@code library}, or null (always for common reasons). */
  public static String reason(int library, int reason) {
    return REASONS.get(key(library, reason));
  }
}
