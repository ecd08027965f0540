package org.jossl.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jossl.crypto.Capability;
import org.jossl.crypto.OpenSslLibrary;
import org.jossl.crypto.PythonJson;

/** {@code jossl version}: jossl's version and the OpenSSL it found. */
final class VersionVerb implements Verb {
  @Override
  public String name() {
    return "version";
  }

  @Override
  public String summary() {
    return "jossl's version, the OpenSSL it loaded, and what that OpenSSL can do";
  }

  @Override
  public String help() {
    return """
        usage: jossl version [-json]

        Prints jossl's version, the OpenSSL it loaded (version, number, the files and how they
        were chosen) and the optional features that OpenSSL has.

          -json   print one JSON object instead
        """;
  }

  @Override
  public int run(List<String> argv, PrintStream out, PrintStream err) throws CliException {
    Args args = Args.parse(name(), argv, Set.of(), Set.of("-json"));
    if (!args.positional().isEmpty()) {
      throw CliException.usage("unexpected argument " + args.positional().getFirst());
    }
    String jossl = josslVersion();
    Map<String, Boolean> caps = new LinkedHashMap<>();
    OpenSslLibrary.capabilities().forEach((c, has) -> caps.put(c.name(), has));
    if (args.has("-json")) {
      Map<String, Object> openssl = new LinkedHashMap<>();
      openssl.put("version", OpenSslLibrary.version());
      openssl.put("number", OpenSslLibrary.versionNumber());
      openssl.put("hex", String.format("0x%08x", OpenSslLibrary.versionNumber()));
      openssl.put("libcrypto", OpenSslLibrary.libcryptoPath());
      openssl.put("libssl", OpenSslLibrary.libsslPath());
      openssl.put("source", OpenSslLibrary.source());
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("jossl", jossl);
      all.put("java", Runtime.version().toString());
      all.put("openssl", openssl);
      all.put("capabilities", caps);
      out.println(PythonJson.dumps(all));
      return 0;
    }
    out.println("jossl " + jossl + " (Java " + Runtime.version() + ")");
    out.printf("%s (0x%08x)%n", OpenSslLibrary.version(), OpenSslLibrary.versionNumber());
    out.println("  libcrypto: " + OpenSslLibrary.libcryptoPath());
    out.println("  libssl:    " + OpenSslLibrary.libsslPath());
    out.println("  chosen by: " + OpenSslLibrary.source());
    out.println("capabilities:");
    for (Capability c : Capability.values()) {
      out.printf("  %-20s %s%n", c.name(), caps.get(c.name()) ? "yes" : "no");
    }
    return 0;
  }

  static String josslVersion() {
    String v = VersionVerb.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }
}
