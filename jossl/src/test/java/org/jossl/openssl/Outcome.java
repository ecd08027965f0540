package org.jossl.openssl;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one call did on either library: a value (in the JSON-like form both {@link TlsSide}s answer
 * in) or an exception as pyOpenSSL names it, with its {@code str()}.
 *
 * <p>{@link #canon()} is the form two libraries' outcomes are compared in. It removes only the
 * differences DESIGN.md makes on purpose: Java returns {@code boolean} where pyOpenSSL 23 returns
 * 0/1 (and 26 a bool), and {@code String} where pyOpenSSL returns {@code bytes} of text ({@code
 * get_servername}, {@code get_state_string}); both become the same text. Objects without a value
 * (sessions, contexts) compare by type.
 *
 * @param value the value (null for None/void) when the call returned
 * @param type pyOpenSSL's exception class name ("Error", "WantReadError", …) when it raised; a
 *     Java-only exception is "java.SimpleName"
 * @param str {@code str(e)} in pyOpenSSL, {@code getMessage()} in jossl
 */
record Outcome(Object value, String type, String str) {
  static Outcome ok(Object value) {
    return new Outcome(value, null, null);
  }

  static Outcome raised(String type, String str) {
    return new Outcome(null, type, str == null ? "" : str);
  }

  /** Reads a peer answer: {@code {"ok": v}} or {@code {"raised": {"type", "str"}}}. */
  @SuppressWarnings("unchecked")
  static Outcome fromPeer(Object answer) {
    Map<String, Object> m = (Map<String, Object>) answer;
    if (m.containsKey("raised")) {
      Map<String, Object> r = (Map<String, Object>) m.get("raised");
      return raised((String) r.get("type"), (String) r.get("str"));
    }
    if (!m.containsKey("ok")) {
      throw new AssertionError("not an outcome: " + answer);
    }
    return ok(m.get("ok"));
  }

  boolean isOk() {
    return type == null;
  }

  boolean raised(String exceptionType) {
    return exceptionType.equals(type);
  }

  /** The value; fails if the call raised. */
  Object get() {
    if (!isOk()) {
      throw new AssertionError("call raised " + type + ": " + str);
    }
    return value;
  }

  /** The value as bytes (a text value as UTF-8). */
  byte[] bytes() {
    Object v = get();
    if (v == null) {
      return null;
    }
    return v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) v;
  }

  /** A reference to an object kept by the side that answered (a session, a context …). */
  @SuppressWarnings("unchecked")
  Map<String, Object> ref() {
    Map<String, Object> m = (Map<String, Object>) get();
    return Map.of("$ref", m.get("$ref"));
  }

  /** The comparable form. */
  Object canon() {
    if (!isOk()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("raised", type);
      m.put("str", str);
      return m;
    }
    return canon(value);
  }

  /** The comparable form of any value in the sides' answer format. */
  static Object canon(Object v) {
    return switch (v) {
      case null -> null;
      case Boolean b -> b ? 1L : 0L;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Long l -> l;
      case BigInteger b -> b;
      case Double d -> d;
      case byte[] b -> text(b);
      case String s -> text(s.getBytes(StandardCharsets.UTF_8));
      case List<?> l -> {
        List<Object> out = new ArrayList<>();
        for (Object o : l) {
          out.add(canon(o));
        }
        yield out;
      }
      case Map<?, ?> m -> {
        if (m.containsKey("$ref")) {
          yield Map.of("$ref", String.valueOf(m.get("type")));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.put(e.getKey().toString(), canon(e.getValue()));
        }
        yield out;
      }
      default -> throw new IllegalArgumentException("no canonical form for " + v.getClass());
    };
  }

  /** Printable ASCII stays readable; anything else (randoms, keys) becomes hex. */
  static String text(byte[] b) {
    for (byte c : b) {
      if (c < 0x20 || c > 0x7e) {
        return "hex:" + HexFormat.of().formatHex(b);
      }
    }
    return new String(b, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return String.valueOf(canon());
  }
}
