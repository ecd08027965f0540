package org.jossl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The x509-limbo path-validation test vectors (Apache-2.0, Trail of Bits; copied unmodified into
 * the test resources {@code x509-limbo/}, see the NOTICE there). Only reads the fields jossl's
 * tests use; their meaning is the suite's {@code limbo-schema.json}.
 */
public final class Limbo {
  private Limbo() {}

  /** The suite at a recent head, without the BetterTLS cases. */
  public static final String HEAD = "limbo-head-nobettertls.json";

  /** The suite as of 2023-12-02. */
  public static final String DEC_2023 = "limbo-2023-12-02.json";

  /**
   * One test case.
   *
   * @param id the case's id, unique within its file
   * @param kind {@code SERVER} or {@code CLIENT}: who presents {@code peerCertificate}
   * @param trusted the trust anchors (PEM)
   * @param untrusted intermediates sent along with the peer certificate (PEM)
   * @param peerCertificate the certificate to verify (PEM)
   * @param peerKey its private key (PEM), or null
   * @param validationTime the instant to verify at (RFC 3339), or null for now
   * @param extendedKeyUsage the EKUs the verifier requires (names as in the schema)
   * @param peerNameKind {@code DNS}, {@code IP}, {@code RFC822}, or null when no name is expected
   * @param peerName the expected name, or null
   * @param maxChainDepth the depth limit, or null
   * @param crls CRLs (PEM)
   * @param expectedResult {@code SUCCESS} or {@code FAILURE}, in the suite authors' view
   * @param features the case's feature tags
   */
  public record Case(
      String id,
      String kind,
      List<String> trusted,
      List<String> untrusted,
      String peerCertificate,
      String peerKey,
      String validationTime,
      List<String> extendedKeyUsage,
      String peerNameKind,
      String peerName,
      Integer maxChainDepth,
      List<String> crls,
      String expectedResult,
      List<String> features) {

    /** Whether the suite expects the certificate to be accepted. */
    public boolean expectsSuccess() {
      return "SUCCESS".equals(expectedResult);
    }
  }

  /** The cases of one file of the test resources' {@code x509-limbo/}, in file order. */
  public static List<Case> load(String file) {
    String text;
    try (InputStream in = Limbo.class.getResourceAsStream("/x509-limbo/" + file)) {
      if (in == null) {
        throw new AssertionError("no test resource x509-limbo/" + file);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> suite = map(PeerJson.parse(text));
    if (((Number) suite.get("version")).intValue() != 1) {
      throw new AssertionError(file + ": unknown limbo schema version " + suite.get("version"));
    }
    List<Case> cases = new ArrayList<>();
    for (Object o : (List<?>) suite.get("testcases")) {
      Map<String, Object> t = map(o);
      Map<String, Object> name =
          t.get("expected_peer_name") == null ? null : map(t.get("expected_peer_name"));
      Object depth = t.get("max_chain_depth");
      cases.add(
          new Case(
              (String) t.get("id"),
              (String) t.get("validation_kind"),
              strings(t.get("trusted_certs")),
              strings(t.get("untrusted_intermediates")),
              (String) t.get("peer_certificate"),
              (String) t.get("peer_certificate_key"),
              (String) t.get("validation_time"),
              strings(t.get("extended_key_usage")),
              name == null ? null : (String) name.get("kind"),
              name == null ? null : (String) name.get("value"),
              depth == null ? null : ((Number) depth).intValue(),
              strings(t.get("crls")),
              (String) t.get("expected_result"),
              strings(t.get("features"))));
    }
    return cases;
  }

  /** A JSON array of strings, absent or null being empty. */
  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o != null) {
      for (Object s : (List<?>) o) {
        out.add((String) s);
      }
    }
    return List.copyOf(out);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
