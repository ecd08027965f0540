package org.jossl.crypto;

import static org.jossl.crypto.PeerResults.list;
import static org.jossl.crypto.PeerResults.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jossl.testing.Limbo;
import org.jossl.testing.PeerJson;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every x509-limbo case (both suites in the test resources) through {@link X509Store} + {@link
 * X509StoreContext} and through pyOpenSSL's {@code X509Store} + {@code X509StoreContext} on the
 * same machine (one pyOpenSSL process for all of them): the same verified chain (DER), or the same
 * verify code, depth, message and failing certificate.
 *
 * <p>The store gets the trusted certificates, the case's CRLs (with {@code CRL_CHECK |
 * CRL_CHECK_ALL}, as the suite's OpenSSL harness does) and its validation time; each case runs
 * twice, with no other flags and with {@code X509_STRICT | PARTIAL_CHAIN}. pyOpenSSL cannot set a
 * purpose, a host name, an IP address or a depth limit, so the expected peer name, the EKU and
 * {@code max_chain_depth} are not part of this check (LimboSslTest checks names through TLS).
 *
 * <p>The suite's own expected result is not the oracle (OpenSSL disagrees with some cases): how
 * many verdicts agree with it is printed, for information.
 */
class LimboStoreTest {
  @TempDir static Path dir;

  /** The flag sets each case runs with, besides the CRL flags. */
  private static final Map<String, Long> FLAG_SETS = new LinkedHashMap<>();

  static {
    FLAG_SETS.put("default", 0L);
    FLAG_SETS.put("strict", X509StoreFlags.X509_STRICT | X509StoreFlags.PARTIAL_CHAIN);
  }

  private record Job(String file, Limbo.Case limbo, String flagSet, long flags) {
    String name() {
      return file + " " + limbo.id() + " [" + flagSet + "]";
    }
  }

  private static final List<Job> jobs = new ArrayList<>();
  private static List<Object> pyOpenSsl;

  /** Per flag set: cases verified, accepted, rejected, inputs not loading, as the suite expects. */
  private static final Map<String, int[]> counts = new LinkedHashMap<>();

  @BeforeAll
  static void runPyOpenSsl() throws Exception {
    List<Object> requests = new ArrayList<>();
    for (String file : List.of(Limbo.HEAD, Limbo.DEC_2023)) {
      for (Limbo.Case c : Limbo.load(file)) {
        for (Map.Entry<String, Long> set : FLAG_SETS.entrySet()) {
          long flags = set.getValue();
          if (!c.crls().isEmpty()) {
            flags |= X509StoreFlags.CRL_CHECK | X509StoreFlags.CRL_CHECK_ALL;
          }
          Job job = new Job(file, c, set.getKey(), flags);
          jobs.add(job);
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("trusted", c.trusted());
          r.put("untrusted", c.untrusted());
          r.put("cert", c.peerCertificate());
          r.put("crls", c.crls());
          r.put("flags", flags);
          r.put("time", c.validationTime());
          requests.add(r);
        }
      }
    }
    Path file = dir.resolve("limbo-store-jobs.json");
    Files.writeString(file, PeerJson.write(requests), StandardCharsets.UTF_8);
    String out = Peers.pyOpenSsl("limbo_store.py", file.toString()).stdout();
    pyOpenSsl = list(PeerJson.parse(out.strip()));
    assertEquals(jobs.size(), pyOpenSsl.size(), "one answer per job");
  }

  @AfterAll
  static void report() {
    // information only: the suite's expectations are not what OpenSSL does
    counts.forEach(
        (set, n) ->
            System.out.printf(
                "x509-limbo store check [%s]: %d cases agree with pyOpenSSL (%d accepted, %d"
                    + " rejected, %d not loadable); verdict as the suite expects: %d%n",
                set, n[0], n[1], n[2], n[3], n[4]));
  }

  @TestFactory
  Stream<DynamicTest> everyCaseAgreesWithPyOpenSsl() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      Map<String, Object> theirs = map(pyOpenSsl.get(i));
      tests.add(
          DynamicTest.dynamicTest(
              job.name(),
              () -> {
                Map<String, Object> ours = jossl(job);
                assertEquals(
                    PeerJson.write(theirs),
                    PeerJson.write(ours),
                    job.name() + ": pyOpenSSL vs jossl");
                int[] n = counts.computeIfAbsent(job.flagSet(), k -> new int[5]);
                n[0]++;
                n[ours.containsKey("ok") ? 1 : ours.containsKey("raised") ? 2 : 3]++;
                if (ours.containsKey("ok") == job.limbo().expectsSuccess()) {
                  n[4]++;
                }
              }));
    }
    assertTrue(tests.size() > 600, "both suites are there");
    return tests.stream();
  }

  /** The job through jossl, answered as limbo_store.py answers it. */
  private static Map<String, Object> jossl(Job job) throws Exception {
    Limbo.Case c = job.limbo();
    Map<String, X509> certs = new LinkedHashMap<>();
    List<Crl> crls = new ArrayList<>();
    List<String[]> items = new ArrayList<>();
    for (int i = 0; i < c.trusted().size(); i++) {
      items.add(new String[] {"trusted[" + i + "]", c.trusted().get(i)});
    }
    for (int i = 0; i < c.untrusted().size(); i++) {
      items.add(new String[] {"untrusted[" + i + "]", c.untrusted().get(i)});
    }
    items.add(new String[] {"cert", c.peerCertificate()});
    for (int i = 0; i < c.crls().size(); i++) {
      items.add(new String[] {"crls[" + i + "]", c.crls().get(i)});
    }
    for (String[] item : items) {
      byte[] pem = item[1].getBytes(StandardCharsets.US_ASCII);
      try {
        if (item[0].startsWith("crls")) {
          crls.add(Crypto.loadCrl(Crypto.FILETYPE_PEM, pem));
        } else {
          certs.put(item[0], Crypto.loadCertificate(Crypto.FILETYPE_PEM, pem));
        }
      } catch (CryptoException e) {
        List<Object> errors = new ArrayList<>();
        for (OpenSslError err : e.errors()) {
          errors.add(List.of(text(err.libraryText()), text(err.reasonText())));
        }
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("what", item[0]);
        load.put("type", "Error");
        load.put("errors", errors);
        return Map.of("load", load);
      }
    }
    try (X509Store store = new X509Store()) {
      for (int i = 0; i < c.trusted().size(); i++) {
        store.addCert(certs.get("trusted[" + i + "]"));
      }
      for (Crl crl : crls) {
        store.addCrl(crl);
      }
      if (job.flags() != 0) {
        store.setFlags(job.flags());
      }
      if (c.validationTime() != null) {
        store.setTime(OffsetDateTime.parse(c.validationTime()).toInstant());
      }
      List<X509> untrusted = new ArrayList<>();
      for (int i = 0; i < c.untrusted().size(); i++) {
        untrusted.add(certs.get("untrusted[" + i + "]"));
      }
      X509StoreContext ctx = new X509StoreContext(store, certs.get("cert"), untrusted);
      try {
        List<Object> chain = new ArrayList<>();
        for (X509 x : ctx.getVerifiedChain()) {
          chain.add(x.toDer());
        }
        return Map.of("ok", chain);
      } catch (X509StoreContextException e) {
        Map<String, Object> raised = new LinkedHashMap<>();
        raised.put("type", "X509StoreContextError");
        raised.put("errors", e.pyOpenSslErrors());
        raised.put("certificate", e.certificate() == null ? null : e.certificate().toDer());
        return Map.of("raised", raised);
      }
    }
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
