package org.jossl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.KeyType;

/** {@code jossl ca}: a test PKI on disk. */
final class CaVerb implements Verb {
  @Override
  public String name() {
    return "ca";
  }

  @Override
  public String summary() {
    return "a test PKI: ca init DIR makes a root CA, ca issue DIR NAME... a certificate";
  }

  @Override
  public String help() {
    return """
        usage: jossl ca init DIR [-key TYPE] [-days N] [-cn NAME]
               jossl ca issue DIR NAME... [-key TYPE] [-days N] [-out BASENAME]

        init   makes a self-signed root CA: DIR/ca.pem (certificate), DIR/ca.key (key)
        issue  issues a certificate from DIR's CA for NAME... (DNS names, IP addresses, or
               email addresses; the first is also the common name), usable by servers and
               clients: DIR/BASENAME.pem, DIR/BASENAME.key, DIR/BASENAME-chain.pem

          -key TYPE       rsa, rsa3072, rsa4096, ec (P-256, the default), p384, p521, ed25519, ed448
          -days N         validity in days (default: 3650 for init, 90 for issue)
          -cn NAME        the root's common name (default "jossl Test Root CA")
          -out BASENAME   file name stem for issue (default: the first NAME)
        """;
  }

  @Override
  public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    Args args = Args.parse(name(), argv, Set.of("-key", "-days", "-cn", "-out"), Set.of());
    List<String> pos = args.positional();
    if (pos.size() < 2) {
      throw CliException.usage("expected 'init DIR' or 'issue DIR NAME...' (see jossl ca -h)");
    }
    KeyType keyType;
    try {
      keyType = KeyType.parse(args.get("-key", "ec"));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    Path dir = Path.of(pos.get(1));
    return switch (pos.getFirst()) {
      case "init" -> init(dir, keyType, args, pos, out);
      case "issue" -> issue(dir, keyType, args, pos, out);
      default ->
          throw CliException.usage(
              "unknown ca command '" + pos.getFirst() + "' (init or issue; see jossl ca -h)");
    };
  }

  private static int init(Path dir, KeyType keyType, Args args, List<String> pos, PrintStream out)
      throws CliException, IOException, CryptoException {
    if (pos.size() != 2) {
      throw CliException.usage("ca init takes one directory");
    }
    if (Files.exists(dir.resolve("ca.pem")) || Files.exists(dir.resolve("ca.key"))) {
      throw new CliException(dir + " already holds a CA (ca.pem/ca.key); choose another directory");
    }
    int days = positive(args.getInt("-days", 3650));
    Instant from = Instant.now().minus(Duration.ofHours(1));
    CertificateAuthority ca =
        CertificateAuthority.builder()
            .commonName(args.get("-cn", "jossl Test Root CA"))
            .keyType(keyType)
            .validity(from, from.plus(Duration.ofDays(days)))
            .build();
    ca.writeTo(dir);
    out.println(dir.resolve("ca.pem"));
    out.println(dir.resolve("ca.key"));
    return 0;
  }

  private static int issue(Path dir, KeyType keyType, Args args, List<String> pos, PrintStream out)
      throws CliException, IOException, CryptoException {
    List<String> names = pos.subList(2, pos.size());
    if (names.isEmpty()) {
      throw CliException.usage("ca issue needs at least one NAME");
    }
    for (String n : names) {
      // the library takes any bytes (to test odd names); from the command line they are mistakes
      if (n.isEmpty() || n.codePoints().anyMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
        throw CliException.usage(
            "'" + n + "' is not a DNS name, IP address or email address (see jossl ca -h)");
      }
    }
    if (!Files.exists(dir.resolve("ca.pem")) || !Files.exists(dir.resolve("ca.key"))) {
      throw new CliException(dir + " holds no CA (ca.pem and ca.key); run jossl ca init " + dir);
    }
    int days = positive(args.getInt("-days", 90));
    CertificateAuthority ca = CertificateAuthority.load(dir);
    Instant from = Instant.now().minus(Duration.ofHours(1));
    IssuedCertificate cert;
    try {
      cert =
          ca.leaf(names.toArray(String[]::new))
              .keyType(keyType)
              .validity(from, from.plus(Duration.ofDays(days)))
              .build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    String base = args.get("-out", names.getFirst().replace("*", "wildcard").replace(':', '_'));
    Map<String, Path> files = cert.writeTo(dir, base);
    for (Path p : files.values()) {
      out.println(p);
    }
    return 0;
  }

  private static int positive(int days) throws CliException {
    if (days <= 0) {
      throw CliException.usage("-days must be positive");
    }
    return days;
  }
}
