package org.jossl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.jossl.ssl.Ssl;
import org.jossl.ssl.SslException;

/** {@code jossl get-server-cert}: Python's {@code ssl.get_server_certificate}. */
final class GetServerCertVerb implements Verb {
  @Override
  public String name() {
    return "get-server-cert";
  }

  @Override
  public String summary() {
    return "print a server's certificate in PEM (Python's ssl.get_server_certificate)";
  }

  @Override
  public String help() {
    return """
        usage: jossl get-server-cert HOST:PORT [-servername NAME] [-CAfile FILE]

        Prints the certificate the server presents, in PEM, as Python's
        ssl.get_server_certificate((HOST, PORT)) returns it. It is not verified unless -CAfile
        is given (then the chain is, the host name is not, as in Python).

          -servername NAME   the host name to ask for (SNI; default: HOST), for servers that
                             choose their certificate by it
          -CAfile FILE       verify the chain against the CA certificates in FILE (PEM):
                             Python's ca_certs
        """;
  }

  @Override
  public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    Args args = Args.parse(name(), argv, Set.of("-servername", "-CAfile"), Set.of());
    if (args.positional().size() != 1) {
      throw CliException.usage(
          args.positional().isEmpty()
              ? "HOST:PORT is required (see jossl get-server-cert -h)"
              : "unexpected argument '" + args.positional().get(1) + "'");
    }
    Tls.HostPort target = Tls.HostPort.parse("HOST:PORT", args.positional().getFirst(), null);
    String cafile = args.has("-CAfile") ? Tls.requireFile("-CAfile", args.get("-CAfile")) : null;
    String pem;
    try {
      pem =
          Ssl.getServerCertificate(
              target.host(), target.port(), cafile, 0, args.get("-servername", target.host()));
    } catch (SslException e) {
      throw new CliException(Tls.message(e), e);
    } catch (IOException e) {
      throw new CliException("cannot connect to " + target + ": " + Tls.message(e), e);
    }
    out.print(pem);
    out.flush();
    return 0;
  }
}
