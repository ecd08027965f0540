package org.jossl.cli;

import java.util.List;
import java.util.Map;

/** Renders jossl's Python-shaped values ({@code asMap()}) as Python's {@code repr} shows them. */
final class PythonRepr {
  private PythonRepr() {}

  /** A dict, one key per line (as {@code pprint} lays out a long one), each line indented. */
  static String dict(Map<String, Object> map, String indent) {
    StringBuilder b = new StringBuilder(indent).append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : map.entrySet()) {
      if (!first) {
        b.append(",\n").append(indent).append(' ');
      }
      first = false;
      b.append(str(e.getKey())).append(": ");
      value(b, e.getValue());
    }
    return b.append('}').toString();
  }

  static void value(StringBuilder b, Object v) {
    switch (v) {
      case null -> b.append("None");
      case String s -> b.append(str(s));
      case Boolean bool -> b.append(bool ? "True" : "False");
      case byte[] bytes -> {
        b.append("b'");
        for (byte x : bytes) {
          int c = x & 0xff;
          if (c == '\\' || c == '\'') {
            b.append('\\').append((char) c);
          } else if (c >= 0x20 && c < 0x7f) {
            b.append((char) c);
          } else {
            b.append(String.format("\\x%02x", c));
          }
        }
        b.append('\'');
      }
      case List<?> list -> {
        b.append('(');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            b.append(", ");
          }
          value(b, list.get(i));
        }
        if (list.size() == 1) {
          b.append(',');
        }
        b.append(')');
      }
      default -> b.append(v);
    }
  }

  /** Python's {@code repr(str)}. */
  static String str(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder b = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == quote || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(quote).toString();
  }
}
