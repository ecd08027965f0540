package org.jossl.ssl;

import static org.jossl.ssl.PythonSsl.assertSameOutcome;
import static org.jossl.ssl.PythonSsl.attempt;
import static org.jossl.ssl.PythonSsl.list;
import static org.jossl.ssl.PythonSsl.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.Crypto;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.KeyType;
import org.jossl.crypto.PKey;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SslContext} and {@link Ssl#createDefaultContext} against upstream CPython's {@code
 * ssl.SSLContext} on this machine: the same defaults for every protocol and purpose, the same state
 * after the same sequence of setter calls, the same cipher dicts, trust store counters and CA
 * certificates, {@link Ssl#createUnverifiedContext} as Python's {@code _create_unverified_context}
 * / {@code _create_stdlib_context}, and for every refused call the same kind of exception with the
 * same attributes and message. Each case is a context and a list of steps that both sides run; one
 * Python process answers them all.
 */
class SslContextParityTest {
  @TempDir static Path dir;

  private static final List<Map<String, Object>> CASES = new ArrayList<>();
  private static Map<String, Object> python;
  private static String combinedPem;
  private static String certPem;
  private static String keyPem;

  /** Every property getter: the description of a context. */
  private static final List<String> PROPERTIES =
      List.of(
          "options",
          "verify_mode",
          "verify_flags",
          "check_hostname",
          "minimum_version",
          "maximum_version",
          "security_level",
          "num_tickets",
          "post_handshake_auth",
          "hostname_checks_common_name",
          "host_flags",
          "protocol");

  @BeforeAll
  static void setUp() throws Exception {
    CertificateAuthority root =
        CertificateAuthority.builder().commonName("Parity Root").keyType(KeyType.EC_P256).build();
    CertificateAuthority intermediate = root.intermediate("Parity Intermediate");
    IssuedCertificate leaf =
        intermediate.leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).build();
    CertificateAuthority otherRoot =
        CertificateAuthority.builder().commonName("Other Root").organization("Other").build();
    PKey otherKey = KeyType.EC_P256.generate();
    intermediate.revoke(intermediate.issue("revoked.example").certificate(), 1);

    certPem = leaf.certificatePem();
    keyPem = leaf.keyPem();
    combinedPem = certPem + keyPem;
    write("cert.pem", certPem);
    write("key.pem", keyPem);
    write("combined.pem", combinedPem);
    write("chain.pem", leaf.chainPem());
    write("other_key.pem", pem(Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, otherKey)));
    write(
        "encrypted_key.pem",
        pem(
            Crypto.dumpPrivateKey(
                Crypto.FILETYPE_PEM, leaf.key(), "aes-256-cbc", bytes("secret"))));
    write(
        "encrypted_utf8_key.pem",
        pem(
            Crypto.dumpPrivateKey(
                Crypto.FILETYPE_PEM, leaf.key(), "aes-128-cbc", bytes("s\u00e9cr\u00e8t"))));
    write("garbage.pem", "this is not PEM\n");
    write("root.pem", root.certificatePem());
    write("other_root.pem", otherRoot.certificatePem());
    // a CA file with two CAs, a leaf (counted, but not a CA) and a CRL
    write(
        "cafile.pem",
        root.certificatePem()
            + intermediate.certificatePem()
            + certPem
            + intermediate.crl().toPem());
    Files.createDirectories(dir.resolve("capath"));
    for (CertificateAuthority ca : List.of(root, otherRoot)) {
      String hash = String.format("%08x", ca.certificate().subjectNameHash());
      Files.writeString(dir.resolve("capath").resolve(hash + ".0"), ca.certificatePem());
    }
    Files.createDirectories(dir.resolve("a_directory"));
    write("dh.pem", opensslGenParams("DH", "group:ffdhe2048"));
    write("ec_params.pem", opensslGenParams("EC", "ec_paramgen_curve:P-256"));

    byte[] rootDer = root.certificate().toDer();
    byte[] intermediateDer = intermediate.certificate().toDer();
    String bothPem = root.certificatePem() + intermediate.certificatePem();
    byte[] bothDer = concat(rootDer, intermediateDer);

    defineCases(rootDer, intermediateDer, bothPem, bothDer);
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("contexts", CASES);
    python = PythonSsl.run(dir, job);
  }

  // ---- the cases

  private static void defineCases(
      byte[] rootDer, byte[] intermediateDer, String bothPem, byte[] bothDer) {
    for (String protocol :
        List.of(
            "PROTOCOL_TLS_CLIENT",
            "PROTOCOL_TLS_SERVER",
            "PROTOCOL_TLS",
            "PROTOCOL_TLSv1",
            "PROTOCOL_TLSv1_1",
            "PROTOCOL_TLSv1_2")) {
      define("new " + protocol, newContext(protocol), describe());
    }
    Map<String, Object> argumentless = new java.util.HashMap<>();
    argumentless.put("new", null);
    define("new SSLContext()", argumentless, describe());
    define("default SERVER_AUTH", defaultContext("SERVER_AUTH"), describe());
    define("default CLIENT_AUTH", defaultContext("CLIENT_AUTH"), describe());
    define(
        "default SERVER_AUTH cafile",
        defaultContext("SERVER_AUTH", "cafile", path("cafile.pem")),
        describe());
    define(
        "default SERVER_AUTH capath",
        defaultContext("SERVER_AUTH", "capath", path("capath")),
        describe());
    define(
        "default SERVER_AUTH cadata PEM",
        defaultContext("SERVER_AUTH", "cadata", bothPem),
        describe());
    define(
        "default CLIENT_AUTH cadata DER",
        defaultContext("CLIENT_AUTH", "cadata", bothDer),
        describe());
    // empty arguments are false in Python: the system's CAs are loaded instead
    define(
        "default SERVER_AUTH cadata empty",
        defaultContext("SERVER_AUTH", "cadata", ""),
        describe());
    define(
        "default SERVER_AUTH cafile empty",
        defaultContext("SERVER_AUTH", "cafile", ""),
        describe());

    unverifiedCases(bothPem);
    define(
        "host flags",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(get("host_flags"));
              for (long flags :
                  List.of(
                      0L,
                      (long) Ssl.HOSTFLAG_NO_WILDCARDS,
                      (long)
                          (Ssl.HOSTFLAG_MULTI_LABEL_WILDCARDS | Ssl.HOSTFLAG_NEVER_CHECK_SUBJECT),
                      (long) Ssl.HOSTFLAG_ALWAYS_CHECK_SUBJECT,
                      0x3fL,
                      0x1000L,
                      0xffffffffL)) {
                s.add(set("host_flags", flags));
                s.add(get("host_flags"));
                s.add(get("hostname_checks_common_name"));
              }
              s.add(set("host_flags", (long) Ssl.HOSTFLAG_SINGLE_LABEL_SUBDOMAINS));
              s.add(set("hostname_checks_common_name", false));
              s.add(get("host_flags"));
              s.add(set("hostname_checks_common_name", true));
              s.add(get("host_flags"));
            }));
    define(
        "options",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(get("options"));
              s.add(set("options", 0L));
              s.add(get("options"));
              s.add(set("options", Options.OP_ALL | Options.OP_NO_TICKET));
              s.add(get("options"));
              s.add(set("options", Options.OP_NO_COMPRESSION | Options.OP_NO_RENEGOTIATION));
              s.add(get("options"));
              s.add(set("options", -1L));
              s.add(get("options"));
              s.add(get("minimum_version"));
              s.add(get("maximum_version"));
            }));
    define(
        "verify mode and check_hostname (client)",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(set("verify_mode", 0L));
              s.add(get("verify_mode"));
              s.add(set("verify_mode", 5L));
              s.add(set("check_hostname", false));
              s.add(set("verify_mode", 0L));
              s.add(get("verify_mode"));
              s.add(get("check_hostname"));
              s.add(set("check_hostname", true));
              s.add(get("verify_mode"));
              s.add(set("verify_mode", 1L));
              s.add(get("verify_mode"));
              s.add(set("check_hostname", false));
              s.add(set("check_hostname", true));
              s.add(get("verify_mode"));
            }));
    define(
        "verify mode and check_hostname (server)",
        newContext("PROTOCOL_TLS_SERVER"),
        steps(
            s -> {
              s.add(set("verify_mode", 1L));
              s.add(get("verify_mode"));
              s.add(set("verify_mode", 0L));
              s.add(set("check_hostname", true));
              s.add(get("verify_mode"));
              s.add(get("check_hostname"));
              s.add(set("verify_mode", 2L));
              s.add(set("verify_mode", -1L));
              s.add(get("verify_mode"));
            }));
    define(
        "verify flags",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(set("verify_flags", VerifyFlags.VERIFY_CRL_CHECK_CHAIN));
              s.add(get("verify_flags"));
              s.add(set("verify_flags", VerifyFlags.VERIFY_DEFAULT));
              s.add(get("verify_flags"));
              s.add(
                  set(
                      "verify_flags",
                      VerifyFlags.VERIFY_X509_STRICT
                          | VerifyFlags.VERIFY_X509_PARTIAL_CHAIN
                          | VerifyFlags.VERIFY_CRL_CHECK_LEAF));
              s.add(get("verify_flags"));
            }));
    for (String protocol : List.of("PROTOCOL_TLS_CLIENT", "PROTOCOL_TLS_SERVER", "PROTOCOL_TLS")) {
      define(
          "versions " + protocol,
          newContext(protocol),
          steps(
              s -> {
                for (String[] pair :
                    new String[][] {
                      {"minimum_version", "MINIMUM_SUPPORTED"},
                      {"maximum_version", "MINIMUM_SUPPORTED"},
                      {"minimum_version", "MAXIMUM_SUPPORTED"},
                      {"maximum_version", "MAXIMUM_SUPPORTED"},
                      {"minimum_version", "TLSv1"},
                      {"maximum_version", "TLSv1_1"},
                      {"minimum_version", "SSLv3"},
                      {"maximum_version", "TLSv1_3"},
                      {"minimum_version", "TLSv1_3"},
                      {"maximum_version", "TLSv1_2"},
                      {"minimum_version", "TLSv1_2"},
                    }) {
                  s.add(set(pair[0], pair[1]));
                  s.add(get("minimum_version"));
                  s.add(get("maximum_version"));
                  s.add(get("options"));
                }
              }));
    }
    for (String protocol : List.of("PROTOCOL_TLSv1", "PROTOCOL_TLSv1_2")) {
      define(
          "versions " + protocol,
          newContext(protocol),
          steps(
              s -> {
                s.add(set("minimum_version", "TLSv1_2"));
                s.add(set("maximum_version", "MAXIMUM_SUPPORTED"));
                s.add(get("minimum_version"));
              }));
    }
    define(
        "host name flags, post-handshake auth",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(set("hostname_checks_common_name", false));
              s.add(get("hostname_checks_common_name"));
              s.add(get("host_flags"));
              s.add(set("hostname_checks_common_name", true));
              s.add(get("hostname_checks_common_name"));
              s.add(get("host_flags"));
              s.add(set("post_handshake_auth", true));
              s.add(get("post_handshake_auth"));
              s.add(set("post_handshake_auth", false));
              s.add(get("post_handshake_auth"));
            }));
    define(
        "num_tickets (server)",
        newContext("PROTOCOL_TLS_SERVER"),
        steps(
            s -> {
              s.add(set("num_tickets", 0L));
              s.add(get("num_tickets"));
              s.add(set("num_tickets", 5L));
              s.add(get("num_tickets"));
              s.add(set("num_tickets", -1L));
              s.add(get("num_tickets"));
            }));
    for (String protocol : List.of("PROTOCOL_TLS_CLIENT", "PROTOCOL_TLS")) {
      define(
          "num_tickets " + protocol,
          newContext(protocol),
          steps(
              s -> {
                s.add(set("num_tickets", 3L));
                s.add(set("num_tickets", -1L));
                s.add(get("num_tickets"));
              }));
    }
    define(
        "ciphers",
        newContext("PROTOCOL_TLS_SERVER"),
        steps(
            s -> {
              s.add(call("set_ciphers", "ciphers", "garbage"));
              s.add(call("set_ciphers", "ciphers", ""));
              s.add(call("get_ciphers"));
              s.add(call("set_ciphers", "ciphers", "ECDHE+AESGCM:!ECDSA"));
              s.add(call("get_ciphers"));
              s.add(get("security_level"));
              s.add(call("set_ciphers", "ciphers", "ALL:@SECLEVEL=1"));
              s.add(call("get_ciphers"));
              s.add(get("security_level"));
              s.add(call("set_ciphers", "ciphers", "@SECLEVEL=0:NULL"));
              s.add(call("get_ciphers"));
              s.add(get("security_level"));
            }));
    define(
        "ecdh curves",
        newContext("PROTOCOL_TLS_SERVER"),
        steps(
            s -> {
              for (String name :
                  List.of(
                      "prime256v1",
                      "secp384r1",
                      "secp521r1",
                      "brainpoolP256r1",
                      "secp112r1",
                      "X25519",
                      "sha256",
                      "foo",
                      "",
                      "it's")) {
                s.add(call("set_ecdh_curve", "name", name));
              }
            }));
    define(
        "dh params",
        newContext("PROTOCOL_TLS_SERVER"),
        steps(
            s -> {
              s.add(call("load_dh_params", "path", path("missing.pem")));
              s.add(call("load_dh_params", "path", path("a_directory")));
              s.add(call("load_dh_params", "path", ""));
              s.add(call("load_dh_params", "path", path("cert.pem/x")));
              s.add(call("load_dh_params", "path", path("garbage.pem")));
              s.add(call("load_dh_params", "path", path("cert.pem")));
              s.add(call("load_dh_params", "path", path("ec_params.pem")));
              s.add(call("load_dh_params", "path", path("dh.pem")));
            }));
    define(
        "load_cert_chain failures",
        newContext("PROTOCOL_TLS_SERVER"),
        steps(
            s -> {
              s.add(chain("missing.pem", null, null));
              s.add(chain("cert.pem", "missing.pem", null));
              s.add(chain("a_directory", null, null));
              s.add(chain("cert.pem", "a_directory", null));
              s.add(chain("cert.pem/x", null, null));
              s.add(call("load_cert_chain", "certfile", ""));
              s.add(chain("garbage.pem", "missing.pem", null));
              s.add(chain("garbage.pem", null, null));
              s.add(chain("cert.pem", "garbage.pem", null));
              s.add(chain("cert.pem", null, null));
              s.add(chain("cert.pem", "other_key.pem", null));
              s.add(chain("root.pem", "key.pem", null));
              s.add(chain("cert.pem", "encrypted_key.pem", Map.of("str", "wrong")));
              s.add(chain("cert.pem", "encrypted_key.pem", Map.of("bytes", bytes("wrong"))));
              s.add(chain("cert.pem", "encrypted_key.pem", returns(7L)));
              s.add(chain("cert.pem", "encrypted_key.pem", returns(null)));
              s.add(chain("cert.pem", "encrypted_key.pem", returns("wrong")));
              s.add(chain("cert.pem", "encrypted_key.pem", Map.of("str", "x".repeat(1025))));
              s.add(chain("cert.pem", "encrypted_key.pem", returns("x".repeat(1025))));
              s.add(chain("cert.pem", "encrypted_key.pem", returns(new byte[1025])));
              s.add(chain("cert.pem", "encrypted_key.pem", raises("boom")));
              s.add(chain("cert.pem", "encrypted_utf8_key.pem", Map.of("bytes", bytes("secret"))));
            }));
    define(
        "load_cert_chain successes",
        newContext("PROTOCOL_TLS_SERVER"),
        steps(
            s -> {
              s.add(chain("combined.pem", null, null));
              s.add(chain("cert.pem", "key.pem", null));
              s.add(chain("chain.pem", "key.pem", null));
              s.add(chain("cert.pem", "key.pem", Map.of("str", "x".repeat(1025))));
              s.add(chain("cert.pem", "key.pem", raises("never asked")));
              s.add(chain("cert.pem", "encrypted_key.pem", Map.of("str", "secret")));
              s.add(chain("cert.pem", "encrypted_key.pem", Map.of("bytes", bytes("secret"))));
              s.add(chain("cert.pem", "encrypted_key.pem", returns("secret")));
              s.add(chain("cert.pem", "encrypted_key.pem", returns(bytes("secret"))));
              s.add(chain("cert.pem", "encrypted_utf8_key.pem", Map.of("str", "s\u00e9cr\u00e8t")));
              s.add(chain("cert.pem", "encrypted_utf8_key.pem", returns("s\u00e9cr\u00e8t")));
              s.add(call("cert_store_stats"));
            }));
    define(
        "load_verify_locations failures",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(call("load_verify_locations"));
              s.add(call("load_verify_locations", "cadata", ""));
              s.add(call("load_verify_locations", "cadata", new byte[0]));
              s.add(call("load_verify_locations", "cadata", "garbage"));
              s.add(call("load_verify_locations", "cadata", bytes("garbage")));
              s.add(call("load_verify_locations", "cadata", "caf\u00e9"));
              s.add(call("load_verify_locations", "cafile", path("missing.pem")));
              s.add(call("load_verify_locations", "cafile", path("garbage.pem")));
              s.add(call("load_verify_locations", "cafile", path("a_directory")));
              s.add(call("load_verify_locations", "capath", path("missing_dir")));
              s.add(call("load_verify_locations", "capath", path("cert.pem")));
              s.add(call("load_verify_locations", "cafile", ""));
              s.add(call("load_verify_locations", "capath", ""));
              s.add(call("load_verify_locations", "cafile", path("cert.pem/x")));
              s.add(
                  call(
                      "load_verify_locations",
                      "cadata",
                      bothPem + "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"));
              s.add(
                  call(
                      "load_verify_locations",
                      "cadata",
                      bothPem + "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"));
              s.add(call("load_verify_locations", "cadata", bothPem + "trailing text\n"));
              s.add(call("load_verify_locations", "cadata", concat(bothDer, bytes("garbage"))));
              s.add(call("load_verify_locations", "cadata", concat(bothDer, new byte[] {0x30})));
              s.add(call("cert_store_stats"));
            }));
    define(
        "load_verify_locations cafile",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(call("load_verify_locations", "cafile", path("cafile.pem")));
              s.addAll(trust());
              s.add(call("load_verify_locations", "cafile", path("cafile.pem")));
              s.add(call("cert_store_stats"));
            }));
    define(
        "load_verify_locations cadata PEM",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(call("load_verify_locations", "cadata", bothPem + bothPem));
              s.addAll(trust());
              s.add(call("load_verify_locations", "cadata", combinedPem));
              s.addAll(trust());
            }));
    define(
        "load_verify_locations cadata DER",
        newContext("PROTOCOL_TLS_SERVER"),
        steps(
            s -> {
              s.add(call("load_verify_locations", "cadata", rootDer));
              s.addAll(trust());
              s.add(call("load_verify_locations", "cadata", concat(intermediateDer, rootDer)));
              s.addAll(trust());
            }));
    define(
        "load_verify_locations capath",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(call("load_verify_locations", "capath", path("capath")));
              s.addAll(trust());
              s.add(
                  call(
                      "load_verify_locations",
                      "cafile",
                      path("other_root.pem"),
                      "capath",
                      path("capath")));
              s.addAll(trust());
            }));
    define(
        "default verify paths",
        newContext("PROTOCOL_TLS_SERVER"),
        steps(
            s -> {
              s.add(call("set_default_verify_paths"));
              s.add(call("cert_store_stats"));
              s.add(call("load_default_certs", "purpose", "CLIENT_AUTH"));
              s.add(call("cert_store_stats"));
            }));
    define(
        "alpn",
        newContext("PROTOCOL_TLS_CLIENT"),
        steps(
            s -> {
              s.add(call("set_alpn_protocols", "protocols", List.of("h2", "http/1.1")));
              s.add(call("set_alpn_protocols", "protocols", List.of()));
              s.add(call("set_alpn_protocols", "protocols", List.of("x".repeat(255))));
              s.add(call("set_alpn_protocols", "protocols", List.of("h2", "x".repeat(256))));
              s.add(call("set_alpn_protocols", "protocols", List.of("")));
              s.add(call("set_alpn_protocols", "protocols", List.of("h2", "caf\u00e9")));
            }));
  }

  /** {@code _create_unverified_context(...)} with each argument, and its alias. */
  private static void unverifiedCases(String bothPem) {
    define("unverified", unverified(), describe());
    define("stdlib alias", Map.of("stdlib", Map.of()), describe());
    define("unverified CLIENT_AUTH", unverified("purpose", "CLIENT_AUTH"), describe());
    define(
        "unverified PROTOCOL_TLS CLIENT_AUTH",
        unverified("protocol", "PROTOCOL_TLS", "purpose", "CLIENT_AUTH"),
        describe());
    define("unverified PROTOCOL_TLSv1_2", unverified("protocol", "PROTOCOL_TLSv1_2"), describe());
    define(
        "unverified CERT_REQUIRED, check_hostname",
        unverified("cert_reqs", "CERT_REQUIRED", "check_hostname", true),
        describe());
    define("unverified CERT_OPTIONAL", unverified("cert_reqs", "CERT_OPTIONAL"), describe());
    define("unverified cert_reqs None", unverified("cert_reqs", null), describe());
    define(
        "unverified server, cert_reqs None",
        unverified("cert_reqs", null, "purpose", "CLIENT_AUTH"),
        describe());
    define(
        "unverified CLIENT_AUTH CERT_REQUIRED",
        unverified("purpose", "CLIENT_AUTH", "cert_reqs", "CERT_REQUIRED"),
        describe());
    define(
        "unverified check_hostname with CERT_NONE", unverified("check_hostname", true), describe());
    define(
        "unverified server check_hostname, CERT_OPTIONAL",
        unverified("purpose", "CLIENT_AUTH", "check_hostname", true, "cert_reqs", "CERT_OPTIONAL"),
        describe());
    define(
        "unverified keyfile without certfile", unverified("keyfile", path("key.pem")), describe());
    define(
        "unverified empty certfile and keyfile",
        unverified("certfile", "", "keyfile", ""),
        describe());
    define(
        "unverified certfile with the key",
        unverified("certfile", path("combined.pem")),
        describe());
    define(
        "unverified certfile and keyfile",
        unverified("certfile", path("cert.pem"), "keyfile", path("key.pem")),
        describe());
    define(
        "unverified certfile, empty keyfile",
        unverified("certfile", path("cert.pem"), "keyfile", ""),
        describe());
    define("unverified missing certfile", unverified("certfile", path("missing.pem")), describe());
    define("unverified certfile without key", unverified("certfile", path("cert.pem")), describe());
    define("unverified cafile", unverified("cafile", path("cafile.pem")), describe());
    define(
        "unverified capath, CERT_REQUIRED",
        unverified("capath", path("capath"), "cert_reqs", "CERT_REQUIRED"),
        describe());
    define("unverified cadata", unverified("cadata", bothPem), describe());
    define(
        "unverified empty cafile, CERT_REQUIRED",
        unverified("cafile", "", "cert_reqs", "CERT_REQUIRED"),
        describe());
    define("unverified bad cadata", unverified("cadata", "garbage"), describe());
  }

  private static Map<String, Object> unverified(Object... keyValues) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put((String) keyValues[i], keyValues[i + 1]);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("unverified", args);
    return spec;
  }

  private static void define(
      String name, Map<String, Object> ctx, List<Map<String, Object>> steps) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("ctx", ctx);
    c.put("steps", steps);
    CASES.add(c);
  }

  @SuppressWarnings("deprecation")
  private static SslContext deprecatedConstructor() throws SslException {
    return new SslContext();
  }

  private static Map<String, Object> newContext(String protocol) {
    return Map.of("new", protocol);
  }

  private static Map<String, Object> defaultContext(String purpose, Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("default", purpose);
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static List<Map<String, Object>> steps(Consumer<List<Map<String, Object>>> adder) {
    List<Map<String, Object>> s = new ArrayList<>();
    adder.accept(s);
    return s;
  }

  private static List<Map<String, Object>> describe() {
    List<Map<String, Object>> s = new ArrayList<>();
    for (String p : PROPERTIES) {
      s.add(get(p));
    }
    s.add(call("get_ciphers"));
    s.add(call("session_stats"));
    s.addAll(trust());
    return s;
  }

  private static List<Map<String, Object>> trust() {
    return List.of(
        call("cert_store_stats"), call("get_ca_certs"), call("get_ca_certs", "binary_form", true));
  }

  private static Map<String, Object> get(String property) {
    return Map.of("get", property);
  }

  private static Map<String, Object> set(String property, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("set", property);
    m.put("value", value);
    return m;
  }

  private static Map<String, Object> call(String method, Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("call", method);
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> chain(String certfile, String keyfile, Object password) {
    Map<String, Object> m = call("load_cert_chain", "certfile", path(certfile));
    if (keyfile != null) {
      m.put("keyfile", path(keyfile));
    }
    if (password != null) {
      m.put("password", password);
    }
    return m;
  }

  private static Map<String, Object> returns(Object value) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("returns", value);
    return Map.of("callable", r);
  }

  private static Map<String, Object> raises(String text) {
    return Map.of("callable", Map.of("raises", text));
  }

  // ---- the comparison

  @TestFactory
  Stream<DynamicTest> everyCaseAsPython() {
    Map<String, Object> answers = map(python.get("contexts"));
    return CASES.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    (String) c.get("name"), () -> compare(c, map(answers.get(c.get("name"))))));
  }

  private static void compare(Map<String, Object> c, Map<String, Object> answer) throws Exception {
    String name = (String) c.get("name");
    Map<String, Object> spec = map(c.get("ctx"));
    PythonSsl.Outcome created = attempt(() -> makeContext(spec));
    assertSameOutcome(name + ": creating", map(answer.get("created")), nullValue(created), null);
    if (created.thrown() != null) {
      return;
    }
    List<Object> pySteps = list(answer.get("steps"));
    List<Object> steps = list(c.get("steps"));
    assertEquals(steps.size(), pySteps.size(), name);
    try (SslContext ctx = (SslContext) created.value()) {
      for (int i = 0; i < steps.size(); i++) {
        Map<String, Object> step = map(steps.get(i));
        Throwable[] callbackFailure = new Throwable[1];
        PythonSsl.Outcome outcome = attempt(() -> runStep(ctx, step, callbackFailure));
        assertSameOutcome(
            name + ": step " + i + " " + stepText(step),
            pySteps.get(i),
            outcome,
            callbackFailure[0]);
      }
    }
  }

  private static PythonSsl.Outcome nullValue(PythonSsl.Outcome o) {
    return new PythonSsl.Outcome(null, o.thrown());
  }

  private static String stepText(Map<String, Object> step) {
    String s = PythonSsl.json(step);
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private static SslContext makeContext(Map<String, Object> spec) throws Exception {
    if (spec.containsKey("new")) {
      if (spec.get("new") == null) {
        return deprecatedConstructor();
      }
      return new SslContext(SslMethod.valueOf((String) spec.get("new")));
    }
    if (spec.containsKey("stdlib")) {
      return Ssl.createStdlibContext(unverifiedOptions(map(spec.get("stdlib"))));
    }
    if (spec.containsKey("unverified")) {
      return Ssl.createUnverifiedContext(unverifiedOptions(map(spec.get("unverified"))));
    }
    return Ssl.createDefaultContext(Purpose.valueOf((String) spec.get("default")), locations(spec));
  }

  private static UnverifiedContextOptions unverifiedOptions(Map<String, Object> args) {
    UnverifiedContextOptions o = UnverifiedContextOptions.defaults();
    if (args.containsKey("protocol")) {
      o = o.withProtocol(SslMethod.valueOf((String) args.get("protocol")));
    }
    if (args.containsKey("cert_reqs")) {
      Object v = args.get("cert_reqs");
      o = o.withCertReqs(v == null ? null : VerifyMode.valueOf((String) v));
    }
    if (args.containsKey("check_hostname")) {
      o = o.withCheckHostname((Boolean) args.get("check_hostname"));
    }
    if (args.containsKey("purpose")) {
      o = o.withPurpose(Purpose.valueOf((String) args.get("purpose")));
    }
    o = o.withCertfile((String) args.get("certfile")).withKeyfile((String) args.get("keyfile"));
    return o.withLocations(locations(args));
  }

  private static VerifyLocations locations(Map<String, Object> args) {
    VerifyLocations l = VerifyLocations.none();
    if (args.containsKey("cafile")) {
      l = l.withCafile((String) args.get("cafile"));
    }
    if (args.containsKey("capath")) {
      l = l.withCapath((String) args.get("capath"));
    }
    Object cadata = args.get("cadata");
    if (cadata instanceof String text) {
      l = l.withCadata(text);
    } else if (cadata instanceof byte[] der) {
      l = l.withCadata(der);
    }
    return l;
  }

  private static Object runStep(SslContext ctx, Map<String, Object> step, Throwable[] failure)
      throws Exception {
    if (step.containsKey("get")) {
      return switch ((String) step.get("get")) {
        case "options" -> ctx.getOptions();
        case "verify_mode" -> ctx.getVerifyMode().value();
        case "verify_flags" -> ctx.getVerifyFlags();
        case "check_hostname" -> ctx.isCheckHostname();
        case "minimum_version" -> ctx.getMinimumVersion().value();
        case "maximum_version" -> ctx.getMaximumVersion().value();
        case "security_level" -> ctx.getSecurityLevel();
        case "num_tickets" -> ctx.getNumTickets();
        case "post_handshake_auth" -> ctx.isPostHandshakeAuth();
        case "hostname_checks_common_name" -> ctx.isHostnameChecksCommonName();
        // Python's getter is unsigned (the C unsigned int)
        case "host_flags" -> Integer.toUnsignedLong(ctx.getHostFlags());
        case "protocol" -> ctx.getProtocol().name();
        default -> throw new AssertionError("unknown property " + step);
      };
    }
    if (step.containsKey("set")) {
      Object v = step.get("value");
      switch ((String) step.get("set")) {
        case "options" -> ctx.setOptions(((Number) v).longValue());
        case "verify_mode" -> ctx.setVerifyMode(VerifyMode.of(((Number) v).intValue()));
        case "verify_flags" -> ctx.setVerifyFlags(((Number) v).longValue());
        case "check_hostname" -> ctx.setCheckHostname((Boolean) v);
        case "minimum_version" -> ctx.setMinimumVersion(TlsVersion.valueOf((String) v));
        case "maximum_version" -> ctx.setMaximumVersion(TlsVersion.valueOf((String) v));
        case "num_tickets" -> ctx.setNumTickets(((Number) v).longValue());
        case "post_handshake_auth" -> ctx.setPostHandshakeAuth((Boolean) v);
        case "hostname_checks_common_name" -> ctx.setHostnameChecksCommonName((Boolean) v);
        case "host_flags" -> ctx.setHostFlags((int) ((Number) v).longValue());
        default -> throw new AssertionError("unknown property " + step);
      }
      return null;
    }
    switch ((String) step.get("call")) {
      case "load_cert_chain" -> {
        ctx.loadCertChain(
            (String) step.get("certfile"),
            (String) step.get("keyfile"),
            password(step.get("password"), failure));
        return null;
      }
      case "load_verify_locations" -> {
        ctx.loadVerifyLocations(locations(step));
        return null;
      }
      case "load_dh_params" -> {
        ctx.loadDhParams((String) step.get("path"));
        return null;
      }
      case "set_ecdh_curve" -> {
        ctx.setEcdhCurve((String) step.get("name"));
        return null;
      }
      case "set_ciphers" -> {
        ctx.setCiphers((String) step.get("ciphers"));
        return null;
      }
      case "set_alpn_protocols" -> {
        List<String> protocols = new ArrayList<>();
        for (Object p : list(step.get("protocols"))) {
          protocols.add((String) p);
        }
        ctx.setAlpnProtocols(protocols);
        return null;
      }
      case "get_ciphers" -> {
        return ctx.getCiphers().stream().map(CipherDetails::asMap).toList();
      }
      case "session_stats" -> {
        return ctx.sessionStats().asMap();
      }
      case "cert_store_stats" -> {
        return ctx.certStoreStats().asMap();
      }
      case "get_ca_certs" -> {
        if (Boolean.TRUE.equals(step.get("binary_form"))) {
          return ctx.getCaCertsDer();
        }
        return ctx.getCaCerts().stream().map(DecodedCertificate::toJson).toList();
      }
      case "set_default_verify_paths" -> {
        ctx.setDefaultVerifyPaths();
        return null;
      }
      case "load_default_certs" -> {
        ctx.loadDefaultCerts(Purpose.valueOf((String) step.get("purpose")));
        return null;
      }
      default -> throw new AssertionError("unknown call " + step);
    }
  }

  /**
   * The Java form of the peer's password argument. A callable returning something other than a
   * string or bytes (Python's TypeError) returns null here, the only wrong value Java can return.
   */
  private static PasswordSource password(Object spec, Throwable[] failure) {
    if (spec == null) {
      return null;
    }
    Map<String, Object> p = map(spec);
    if (p.containsKey("str")) {
      return PasswordSource.of((String) p.get("str"));
    }
    if (p.containsKey("bytes")) {
      return PasswordSource.of((byte[]) p.get("bytes"));
    }
    Map<String, Object> c = map(p.get("callable"));
    if (c.containsKey("raises")) {
      return () -> {
        RuntimeException e = new IllegalStateException((String) c.get("raises"));
        failure[0] = e;
        throw e;
      };
    }
    Object value = c.get("returns");
    return () -> {
      if (value instanceof String s) {
        return s.getBytes(StandardCharsets.UTF_8);
      }
      if (value instanceof byte[] b) {
        return b.clone();
      }
      return null;
    };
  }

  // ---- sanity of the comparison itself

  @Test
  void theCasesCoverFailuresAndSuccesses() {
    // a comparison that only ever saw successes (or only failures) would prove little
    int ok = 0;
    int raised = 0;
    for (Object answer : map(python.get("contexts")).values()) {
      for (Object step : list(map(answer).getOrDefault("steps", List.of()))) {
        if (map(step).containsKey("ok")) {
          ok++;
        } else {
          raised++;
        }
      }
    }
    assertTrue(ok > 100, "successful steps: " + ok);
    assertTrue(raised > 30, "failed steps: " + raised);
    assertFalse(CASES.isEmpty());
  }

  // ---- files

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private static void write(String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static String pem(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String opensslGenParams(String algorithm, String option) {
    return Peers.run(
            List.of(
                Peers.openssl(),
                "genpkey",
                "-genparam",
                "-algorithm",
                algorithm,
                "-pkeyopt",
                option),
            null,
            Duration.ofSeconds(30))
        .requireSuccess("openssl genpkey -genparam")
        .stdout();
  }
}
