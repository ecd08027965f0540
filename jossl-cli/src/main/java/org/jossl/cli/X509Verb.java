package org.jossl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jossl.crypto.CertificateDecodeException;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.PythonJson;
import org.jossl.crypto.X509;

/** {@code jossl x509}: read a certificate, print it as Python decodes it, as text, PEM or DER. */
final class X509Verb implements Verb {
  @Override
  public String name() {
    return "x509";
  }

  @Override
  public String summary() {
    return "show a certificate: as Python's getpeercert() decodes it, as text, PEM or DER";
  }

  @Override
  public String help() {
    return """
        usage: jossl x509 -in FILE [-inform PEM|DER] [-json | -text | -outform PEM|DER] [-out FILE]

        Reads one certificate (the first of a PEM file) and writes it out.

          -in FILE        the certificate file ('-' for standard input)
          -inform FMT     PEM or DER (default: PEM)
          -json           the certificate as Python's ssl module decodes it: the same structure
                          as json.dumps(ssl._ssl._test_decode_cert(FILE)), tuples as arrays, a
                          bytes value as {"$bytes": "<hex>"}; where Python's decoder raises,
                          {"error": {"type": ..., "message": ...}} and exit status 1
          -text           OpenSSL's text form (as openssl x509 -text)
          -outform FMT    write PEM (the default) or DER
          -out FILE       write to FILE instead of standard output
        """;
  }

  @Override
  public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    Args args =
        Args.parse(
            name(), argv, Set.of("-in", "-inform", "-outform", "-out"), Set.of("-json", "-text"));
    if (!args.positional().isEmpty()) {
      throw CliException.usage("unexpected argument " + args.positional().getFirst());
    }
    String in = args.get("-in");
    if (in == null) {
      throw CliException.usage("-in FILE is required (see jossl x509 -h)");
    }
    String inform = args.get("-inform", "PEM").toUpperCase(Locale.ROOT);
    String outform = args.get("-outform", "PEM").toUpperCase(Locale.ROOT);
    if (!inform.equals("PEM") && !inform.equals("DER")) {
      throw CliException.usage("-inform must be PEM or DER, not " + args.get("-inform"));
    }
    if (!outform.equals("PEM") && !outform.equals("DER")) {
      throw CliException.usage("-outform must be PEM or DER, not " + args.get("-outform"));
    }
    if (args.has("-json") && args.has("-text")) {
      throw CliException.usage("choose one of -json and -text");
    }
    byte[] data = read(in);
    X509 cert;
    try {
      cert = inform.equals("PEM") ? X509.fromPem(data) : X509.fromDer(data);
    } catch (CryptoException e) {
      if (args.has("-json")) {
        // what ssl._ssl._test_decode_cert raises for a file it cannot read as PEM
        writeError(out, "SSLError", "('Error decoding PEM-encoded file',)");
        return 1;
      }
      throw new CliException(in + " is not a " + inform + " certificate: " + e.getMessage(), e);
    }
    byte[] result;
    if (args.has("-json")) {
      try {
        result = (cert.decode().toJson() + "\n").getBytes(StandardCharsets.US_ASCII);
      } catch (CertificateDecodeException e) {
        writeError(out, e.pythonType(), e.getMessage());
        return 1;
      }
    } else if (args.has("-text")) {
      result = cert.toText().getBytes(StandardCharsets.UTF_8);
    } else if (outform.equals("DER")) {
      result = cert.toDer();
    } else {
      result = cert.toPem().getBytes(StandardCharsets.US_ASCII);
    }
    if (args.has("-out")) {
      String file = args.get("-out");
      try {
        Files.write(Path.of(file), result);
      } catch (NoSuchFileException e) {
        throw new CliException("cannot write " + file + ": no such directory", e);
      } catch (IOException e) {
        throw new CliException("cannot write " + file + ": " + e.getMessage(), e);
      }
    } else {
      out.write(result);
      out.flush();
    }
    return 0;
  }

  private static void writeError(PrintStream out, String type, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", type);
    error.put("message", message);
    out.println(PythonJson.dumps(Map.of("error", error)));
  }

  static byte[] read(String file) throws CliException {
    try {
      return file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new CliException("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
