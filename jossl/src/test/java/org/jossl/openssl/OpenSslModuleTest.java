package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jossl.testing.JsonPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module-level names of pyOpenSSL against pyOpenSSL itself (Debian's system Python, {@code
 * peers/pyopenssl_tls.py}): {@link X509VerificationCodes} (pyOpenSSL's {@code
 * SSL.X509VerificationCodes}, from 23.2; before that the {@code X509_V_*} values of the bindings
 * pyOpenSSL runs on are the reference), {@link OpenSsl#openSslVersion(int)} for every selector, and
 * {@link Rand} ({@code OpenSSL.rand}).
 */
class OpenSslModuleTest {
  private static JsonPeer peer;
  private static Map<String, Object> module;

  private static final List<List<Object>> RAND_ADD =
      List.of(
          List.of(new byte[] {1, 2, 3}, 2L),
          List.of(new byte[0], 0L),
          List.of(new byte[256], 256L),
          List.of(new byte[] {9}, -1L));

  @BeforeAll
  static void start() {
    peer = JsonPeer.pyOpenSsl("pyopenssl_tls.py");
    module = peer.callMap("module", "rand_add", RAND_ADD);
  }

  @AfterAll
  static void stop() {
    if (peer != null) {
      peer.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  /** The public static int constants of a class, by name. */
  private static Map<String, Long> intConstants(Class<?> c) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (Field f : c.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
        out.put(f.getName(), (long) f.getInt(null));
      }
    }
    return out;
  }

  @Test
  void verificationCodesAreEveryNameWithItsValue() throws Exception {
    Map<String, Long> jossl = intConstants(X509VerificationCodes.class);
    Map<String, Object> pyOpenSsl = map(module.get("verification_codes"));
    if (pyOpenSsl != null) {
      // pyOpenSSL 23.2 and later: exactly its names and values
      assertEquals(new TreeMap<>(pyOpenSsl), jossl);
    }
    // every version: each name is X509_V_<name> of the bindings pyOpenSSL uses, with its value
    Map<String, Object> binding = map(module.get("binding_codes"));
    assertEquals(57, jossl.size(), "OK and 56 ERR_* codes: " + jossl.keySet());
    for (Map.Entry<String, Long> e : jossl.entrySet()) {
      Object value = binding.get(e.getKey());
      assertNotNull(value, "the bindings have no X509_V_" + e.getKey());
      assertEquals(value, e.getValue(), e.getKey());
    }
    assertEquals(0L, jossl.get("OK"));
  }

  @Test
  void openSslVersionForEverySelector() throws Exception {
    Map<String, Object> versions = map(module.get("versions"));
    assertFalse(versions.isEmpty());
    Map<String, Long> selectors = intConstants(OpenSsl.class);
    for (Map.Entry<String, Object> e : versions.entrySet()) {
      Long selector = selectors.get(e.getKey());
      assertNotNull(selector, "OpenSsl." + e.getKey() + " is missing");
      assertEquals(
          e.getValue(), OpenSsl.openSslVersion(selector.intValue()), "OpenSSL_version(" + e + ")");
    }
    assertTrue(versions.containsKey("OPENSSL_VERSION"));
  }

  @Test
  void randStatusAndAdd() {
    assertEquals(module.get("rand_status"), (long) Rand.status());
    List<?> answers = (List<?>) module.get("rand_add");
    for (int i = 0; i < RAND_ADD.size(); i++) {
      byte[] buffer = (byte[]) RAND_ADD.get(i).get(0);
      int entropy = ((Number) RAND_ADD.get(i).get(1)).intValue();
      // pyOpenSSL returns None for each call (no exception); so does jossl
      Map<String, Object> py = map(answers.get(i));
      assertTrue(py.containsKey("ok") && py.get("ok") == null, "rand.add #" + i + ": " + py);
      Rand.add(buffer, entropy);
    }
    assertEquals(1, Rand.status());
  }
}
