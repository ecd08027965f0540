package org.jossl.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.testing.Limbo;
import org.jossl.testing.PeerJson;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The x509-limbo cases as real TLS handshakes over memory BIOs, in upstream CPython's {@code ssl}
 * ({@code peers/limbo_ssl.py}, one process for all cases) and in jossl ({@link SslObject} + {@link
 * MemoryBio}), step by step the same: every step's outcome (trust loading, certificate chain
 * loading, both sides' handshake result with exception type, verify code and message,
 * library/reason and text, the alert the other side then reads, and after success the version and
 * both sides' {@code getpeercert()}) must be Python's.
 *
 * <p>SERVER cases: a {@code PROTOCOL_TLS_CLIENT} context trusting the case's anchors ({@code
 * cadata}) checks the server's certificate (and, when the case names one, its host name or IP
 * address); the server presents the peer certificate, the intermediates and the peer key. CLIENT
 * cases: the server requires a client certificate ({@code CERT_REQUIRED}) and trusts the anchors.
 * libssl itself sets the purpose (serverAuth/clientAuth), which covers the cases' EKU. CRLs would
 * go into the verifier's store with {@code VERIFY_CRL_CHECK_CHAIN}.
 *
 * <p>Skipped, because Python cannot express them: cases without a peer key (no handshake is
 * possible), with a validation time (Python verifies at the current time only), with {@code
 * max_chain_depth} (Python cannot set the depth), or with an expected name or EKU a TLS peer does
 * not check. The suite's expected result is not the oracle: how many handshakes agree with it is
 * printed, for information.
 */
class LimboSslTest {
  @TempDir static Path dir;

  /**
   * The verifier's context: {@code new SslContext(…)} + cadata, or {@code createDefaultContext}.
   */
  private static final List<String> CONTEXTS = List.of("new", "default");

  private record Job(String file, Limbo.Case limbo, String context, Map<String, Object> request) {
    String name() {
      return file + " " + limbo.id() + " [" + context + "]";
    }
  }

  private static final List<Job> jobs = new ArrayList<>();
  private static final Map<String, Integer> skipped = new TreeMap<>();
  private static List<Object> python;

  /** Per context: handshakes, accepted, verdict as the suite expects. */
  private static final Map<String, int[]> counts = new TreeMap<>();

  private static int cases;
  private static int runnable;

  @BeforeAll
  static void runPython() throws Exception {
    // the server's own certificate for CLIENT cases (the client does not check it)
    Map<String, Path> own =
        CertificateAuthority.builder()
            .commonName("Limbo TLS Server Root")
            .build()
            .issue("localhost")
            .writeTo(dir, "own");
    for (String file : List.of(Limbo.HEAD, Limbo.DEC_2023)) {
      List<Limbo.Case> all = Limbo.load(file);
      cases += all.size();
      for (Limbo.Case c : all) {
        String skip = skipReason(c);
        if (skip != null) {
          skipped.merge(file + ": " + skip, 1, Integer::sum);
          continue;
        }
        int n = runnable++;
        Path chain = dir.resolve("peer-" + n + "-chain.pem");
        Files.writeString(
            chain, c.peerCertificate() + String.join("", c.untrusted()), StandardCharsets.US_ASCII);
        Path key = dir.resolve("peer-" + n + ".key");
        Files.writeString(key, c.peerKey(), StandardCharsets.US_ASCII);
        Path crlFile = null;
        if (!c.crls().isEmpty()) {
          crlFile = dir.resolve("crls-" + n + ".pem");
          Files.writeString(crlFile, String.join("", c.crls()), StandardCharsets.US_ASCII);
        }
        boolean client = c.kind().equals("CLIENT");
        for (String context : CONTEXTS) {
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("kind", c.kind());
          r.put("context", context);
          r.put("cadata", String.join("", c.trusted()));
          r.put("crlfile", crlFile == null ? null : crlFile.toString());
          r.put("verify_flags", crlFile == null ? 0L : VerifyFlags.VERIFY_CRL_CHECK_CHAIN);
          r.put("hostname", c.peerName());
          r.put("peer_chain", chain.toString());
          r.put("peer_key", key.toString());
          r.put("own_chain", client ? own.get("chain").toString() : null);
          r.put("own_key", client ? own.get("key").toString() : null);
          jobs.add(new Job(file, c, context, r));
        }
      }
    }
    assertEquals(cases, runnable + skipped.values().stream().mapToInt(i -> i).sum());
    List<Object> requests = new ArrayList<>();
    for (Job j : jobs) {
      requests.add(j.request());
    }
    Path file = dir.resolve("limbo-ssl-jobs.json");
    Files.writeString(file, PeerJson.write(requests), StandardCharsets.UTF_8);
    python = PythonSsl.list(PeerJson.parse(Peers.python("limbo_ssl.py", file.toString()).stdout()));
    assertEquals(jobs.size(), python.size(), "one answer per job");
  }

  /** Why Python cannot run {@code c} as a handshake, or null. */
  private static String skipReason(Limbo.Case c) {
    if (c.peerKey() == null) {
      return "no peer key";
    }
    if (c.validationTime() != null) {
      return "validation_time (Python verifies at the current time)";
    }
    if (c.maxChainDepth() != null) {
      return "max_chain_depth (Python cannot set the depth)";
    }
    String implied = c.kind().equals("SERVER") ? "serverAuth" : "clientAuth";
    if (!c.extendedKeyUsage().stream().allMatch(implied::equals)) {
      return "an EKU TLS does not require";
    }
    if (c.peerNameKind() != null
        && (c.kind().equals("CLIENT") || !List.of("DNS", "IP").contains(c.peerNameKind()))) {
      return "a peer name TLS does not check";
    }
    return null;
  }

  @AfterAll
  static void report() {
    // information only: the suite's expectations are not what OpenSSL does
    counts.forEach(
        (context, n) ->
            System.out.printf(
                "x509-limbo TLS check [%s context]: %d cases agree with CPython (%d accepted);"
                    + " the verdict is the suite's expected result in %d%n",
                context, n[0], n[1], n[2]));
    System.out.printf("x509-limbo TLS check: %d cases skipped: %s%n", cases - runnable, skipped);
  }

  @TestFactory
  Stream<DynamicTest> everyHandshakeAgreesWithCPython() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      Object theirs = python.get(i);
      tests.add(
          DynamicTest.dynamicTest(
              job.name(),
              () -> {
                Map<String, Object> ours = jossl(job.request());
                assertEquals(
                    PythonSsl.json(theirs),
                    PythonSsl.json(ours),
                    job.name() + ": CPython vs jossl");
                boolean accepted = ours.containsKey("client") && ours.containsKey("server");
                int[] n = counts.computeIfAbsent(job.context(), k -> new int[3]);
                n[0]++;
                n[1] += accepted ? 1 : 0;
                n[2] += accepted == job.limbo().expectsSuccess() ? 1 : 0;
              }));
    }
    assertTrue(runnable > 100, "the head suite has more than 100 runnable cases");
    return tests.stream();
  }

  /** A step that stops the job when it throws. */
  @FunctionalInterface
  private interface Step {
    Object run() throws Exception;
  }

  private static final class Stop extends Exception {
    Stop() {
      super(null, null, false, false);
    }
  }

  private static void step(Map<String, Object> answer, String name, Step s) throws Stop {
    try {
      Map<String, Object> ok = new LinkedHashMap<>();
      ok.put("ok", s.run()); // Python's None is null
      answer.put(name, ok);
    } catch (Exception e) {
      answer.put(name, Map.of("raised", error(e)));
      throw new Stop();
    }
  }

  /** What {@code limbo_ssl.py}'s {@code error(e)} gives for Python's counterpart of {@code e}. */
  private static Map<String, Object> error(Exception e) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (e instanceof SslException s) {
      m.put("type", TlsLab.pythonType(e));
      m.put("str", s.pythonStr());
      m.put("errno", s.errno());
      m.put("library", s.library());
      m.put("reason", s.reason());
      if (s instanceof SslCertVerificationException v) {
        m.put("verify_code", v.verifyCode());
        m.put("verify_message", v.verifyMessage());
      }
    } else if (e instanceof IllegalArgumentException) {
      m.put("type", "ValueError");
      m.put("str", e.getMessage());
    } else {
      m.put("type", e.getClass().getName());
      m.put("str", e.getMessage());
    }
    return m;
  }

  /** The job through jossl, answered as {@code limbo_ssl.py} answers it. */
  private static Map<String, Object> jossl(Map<String, Object> job) throws Exception {
    Map<String, Object> answer = new LinkedHashMap<>();
    String hostname = (String) job.get("hostname");
    boolean serving = job.get("kind").equals("SERVER");
    SslContext[] contexts = new SslContext[2]; // client, server
    List<SslObject> objects = new ArrayList<>();
    try {
      step(
          answer,
          "trust",
          () -> {
            String cadata = (String) job.get("cadata");
            SslContext v;
            if (job.get("context").equals("default")) {
              v =
                  Ssl.createDefaultContext(
                      serving ? Purpose.SERVER_AUTH : Purpose.CLIENT_AUTH,
                      VerifyLocations.none().withCadata(cadata));
            } else {
              v =
                  new SslContext(
                      serving ? SslMethod.PROTOCOL_TLS_CLIENT : SslMethod.PROTOCOL_TLS_SERVER);
              contexts[serving ? 0 : 1] = v;
              v.loadVerifyLocations(VerifyLocations.none().withCadata(cadata));
            }
            contexts[serving ? 0 : 1] = v;
            return null;
          });
      SslContext verifier;
      SslContext presenter;
      if (serving) {
        verifier = contexts[0];
        verifier.setCheckHostname(hostname != null);
        presenter = contexts[1] = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
      } else {
        verifier = contexts[1];
        verifier.setVerifyMode(VerifyMode.CERT_REQUIRED);
        presenter = contexts[0] = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT);
        presenter.setCheckHostname(false);
        presenter.setVerifyMode(VerifyMode.CERT_NONE);
      }
      SslContext client = contexts[0];
      SslContext server = contexts[1];
      if (job.get("crlfile") != null) {
        step(
            answer,
            "crls",
            () -> {
              verifier.loadVerifyLocations((String) job.get("crlfile"));
              verifier.setVerifyFlags(
                  verifier.getVerifyFlags() | ((Number) job.get("verify_flags")).longValue());
              return null;
            });
      }
      step(
          answer,
          "settings",
          () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("verify_mode", verifier.getVerifyMode().value());
            m.put("verify_flags", verifier.getVerifyFlags());
            m.put("check_hostname", verifier.isCheckHostname());
            m.put("host_flags", verifier.getHostFlags());
            m.put("hostname_checks_common_name", verifier.isHostnameChecksCommonName());
            m.put("options", verifier.getOptions());
            m.put("security_level", verifier.getSecurityLevel());
            m.put("minimum_version", verifier.getMinimumVersion().value());
            m.put("maximum_version", verifier.getMaximumVersion().value());
            return m;
          });
      if (job.get("own_chain") != null) {
        step(
            answer,
            "own_chain",
            () -> {
              server.loadCertChain((String) job.get("own_chain"), (String) job.get("own_key"));
              return null;
            });
      }
      step(
          answer,
          "peer_chain",
          () -> {
            presenter.loadCertChain((String) job.get("peer_chain"), (String) job.get("peer_key"));
            return null;
          });
      step(
          answer,
          "wrap",
          () -> {
            objects.add(
                client.wrapBio(
                    new MemoryBio(),
                    new MemoryBio(),
                    WrapOptions.defaults().withServerHostname(hostname)));
            objects.add(
                server.wrapBio(
                    new MemoryBio(), new MemoryBio(), WrapOptions.defaults().withServerSide(true)));
            return null;
          });
      Map<String, Object> result = pump(objects.get(0), objects.get(1));
      answer.put("handshake", Map.of("ok", result));
      List<Integer> done = new ArrayList<>();
      for (int side = 0; side < 2; side++) {
        if (result.get(SIDES[side]).equals("done")) {
          done.add(side);
        }
      }
      if (done.size() == 1 && result.get(SIDES[1 - done.getFirst()]) instanceof Map) {
        SslObject obj = objects.get(done.getFirst());
        step(answer, "after", () -> HexFormat.of().formatHex(obj.read(16)));
      }
      if (done.size() == 2) {
        for (int side = 0; side < 2; side++) {
          SslObject obj = objects.get(side);
          step(
              answer,
              SIDES[side],
              () -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("version", obj.version());
                m.put("peercert", peerCertJson(obj.getPeerCert()));
                return m;
              });
        }
      }
    } catch (Stop stop) {
      // the job ends at the step that raised, as in Python
    } finally {
      for (SslObject o : objects) {
        o.close();
        o.incoming().close();
        o.outgoing().close();
      }
      for (SslContext c : contexts) {
        if (c != null) {
          c.close();
        }
      }
    }
    return answer;
  }

  private static final String[] SIDES = {"client", "server"};

  /** json.dumps(getpeercert()): null is None, an empty certificate {}. */
  private static String peerCertJson(DecodedCertificate cert) {
    if (cert == null) {
      return "null";
    }
    return cert.isEmpty() ? "{}" : cert.toJson();
  }

  /** The pump of {@code limbo_ssl.py}: up to 12 rounds, client first. */
  private static Map<String, Object> pump(SslObject client, SslObject server) throws IOException {
    SslObject[] ends = {client, server};
    Object[] state = new Object[2];
    for (int round = 0; round < 12; round++) {
      for (int side = 0; side < 2; side++) {
        SslObject obj = ends[side];
        if (state[side] == null) {
          try {
            obj.doHandshake();
            state[side] = "done";
          } catch (SslWantReadException e) {
            // needs the other side's bytes
          } catch (Exception e) {
            state[side] = error(e);
          }
        }
        byte[] data = obj.outgoing().read();
        if (data.length > 0) {
          ends[1 - side].incoming().write(data);
        }
      }
      if (state[0] != null && state[1] != null) {
        break;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int side = 0; side < 2; side++) {
      out.put(SIDES[side], state[side] == null ? "want_read" : state[side]);
    }
    return out;
  }
}
