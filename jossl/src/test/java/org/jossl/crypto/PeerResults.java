package org.jossl.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jossl.testing.Peers;

/** Reading what {@code peers/pyopenssl_crypto.py} answers, and running the openssl command. */
final class PeerResults {
  private PeerResults() {}

  /** The value of a peer's {@code {"ok": value}} attempt; fails if pyOpenSSL raised. */
  static Object ok(Object attempt) {
    Map<String, Object> m = map(attempt);
    assertTrue(m.containsKey("ok"), () -> "pyOpenSSL raised: " + m.get("raised"));
    return m.get("ok");
  }

  /** {@link #ok} for an object value. */
  static Map<String, Object> okMap(Object attempt) {
    return map(ok(attempt));
  }

  /** What pyOpenSSL raised ({@code type}, {@code str}, …); fails if it did not raise. */
  static Map<String, Object> raised(Object attempt) {
    Map<String, Object> m = map(attempt);
    assertTrue(m.containsKey("raised"), () -> "pyOpenSSL did not raise but gave " + m.get("ok"));
    return map(m.get("raised"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static byte[] bytes(Object o) {
    return (byte[]) o;
  }

  static String text(Object o) {
    return new String((byte[]) o, StandardCharsets.UTF_8);
  }

  static int integer(Object o) {
    return ((Number) o).intValue();
  }

  static long longValue(Object o) {
    return ((Number) o).longValue();
  }

  /** Runs {@code openssl args…} in {@code dir} with {@code stdin}; does not check the exit code. */
  static Peers.Result openssl(Path dir, byte[] stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Peers.openssl());
    command.addAll(List.of(args));
    return Peers.run(command, stdin, Duration.ofSeconds(60), Map.of(), dir);
  }

  /** Runs {@code openssl args…} and returns its stdout; fails unless it exits 0. */
  static String opensslOk(Path dir, byte[] stdin, String... args) {
    return openssl(dir, stdin, args).requireSuccess("openssl " + String.join(" ", args)).stdout();
  }

  /** Asserts that a pyOpenSSL failure is of Python type {@code type}. */
  static void assertRaisedType(String type, Map<String, Object> raised) {
    assertEquals(type, raised.get("type"), () -> "pyOpenSSL raised " + raised);
  }
}
