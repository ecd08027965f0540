package org.jossl.openssl;

import java.nio.file.Path;
import java.util.List;
import org.jossl.crypto.X509Name;
import org.jossl.crypto.X509Store;

/**
 * Loads PEM files holding encrypted blocks through every jossl call that reads certificates or
 * parameters without a passphrase callback of the application's: client CA names, DH parameters,
 * trust stores. Run by {@code ContextTest} in a JVM without a terminal whose standard input holds
 * the right passphrase, so a call that let OpenSSL prompt would print the prompt and decrypt.
 *
 * <p>Arguments: a PEM file of a plain certificate then an encrypted one, a PEM file of encrypted DH
 * parameters. Prints one line per call: what it loaded or the exception's message.
 */
public final class NoPassphrasePromptMain {
  private NoPassphrasePromptMain() {}

  private interface Call {
    String run() throws Exception;
  }

  private static void report(String name, Call call) {
    String result;
    try {
      result = "ok " + call.run();
    } catch (Exception e) {
      result = "raised " + e.getClass().getSimpleName() + " " + e.getMessage();
    }
    System.out.println(name + ": " + result);
  }

  /** Runs the calls; see the class comment. */
  public static void main(String[] args) throws Exception {
    String certificates = args[0];
    String dh = args[1];
    report(
        "load_client_ca",
        () -> {
          try (Context ctx = new Context(OpenSsl.TLS_SERVER_METHOD)) {
            ctx.loadClientCa(certificates);
            try (Connection c = new Connection(ctx)) {
              return c.getClientCaList().stream()
                  .map(NoPassphrasePromptMain::cn)
                  .toList()
                  .toString();
            }
          }
        });
    report(
        "load_tmp_dh",
        () -> {
          try (Context ctx = new Context(OpenSsl.TLS_SERVER_METHOD)) {
            ctx.loadTmpDh(dh);
            return "";
          }
        });
    report(
        "load_verify_locations",
        () -> {
          try (Context ctx = new Context(OpenSsl.TLS_CLIENT_METHOD)) {
            ctx.loadVerifyLocations(certificates);
            return ctx.getCertStore().getCertificates().stream()
                .map(NoPassphrasePromptMain::subjectCn)
                .toList()
                .toString();
          }
        });
    report(
        "X509Store.load_locations",
        () -> {
          try (X509Store store = new X509Store()) {
            store.loadLocations(Path.of(certificates), null);
            List<String> names =
                store.getCertificates().stream().map(NoPassphrasePromptMain::subjectCn).toList();
            return names.toString();
          }
        });
  }

  private static String subjectCn(org.jossl.crypto.X509 x) {
    try {
      return x.getSubject().commonName();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cn(X509Name name) {
    try {
      return name.commonName();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
