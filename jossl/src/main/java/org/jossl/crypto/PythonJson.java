package org.jossl.crypto;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers, booleans and null exactly as Python's {@code json.dumps}
 * does with its defaults ({@code ", "} and {@code ": "} separators, every character outside
 * printable ASCII escaped), so jossl's {@code asMap()} results can be compared byte for byte with
 * Python's. A {@code byte[]} is written as {@code {"$bytes": "<lower-case hex>"}}.
 */
public final class PythonJson {
  private PythonJson() {}

  /** The JSON text of {@code value}. */
  public static String dumps(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    switch (v) {
      case null -> b.append("null");
      case String s -> string(b, s);
      case Boolean bool -> b.append(bool ? "true" : "false");
      case Number n -> b.append(n);
      case byte[] bytes -> {
        b.append("{\"$bytes\": ");
        string(b, HexFormat.of().formatHex(bytes));
        b.append('}');
      }
      case Map<?, ?> m -> {
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!first) {
            b.append(", ");
          }
          first = false;
          string(b, String.valueOf(e.getKey()));
          b.append(": ");
          write(b, e.getValue());
        }
        b.append('}');
      }
      case List<?> l -> {
        b.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            b.append(", ");
          }
          write(b, l.get(i));
        }
        b.append(']');
      }
      default -> string(b, v.toString());
    }
  }

  /** A JSON string with {@code ensure_ascii=True} escaping. */
  static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
