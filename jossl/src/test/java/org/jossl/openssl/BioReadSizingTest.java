package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.IssuedCertificate;
import org.junit.jupiter.api.Test;

/**
 * {@code bio_read(bufsiz)} as pyOpenSSL documents it: at most {@code bufsiz} bytes, WantReadError
 * when there is nothing to send; the result is exactly as long as what was taken.
 */
class BioReadSizingTest {

  @Test
  void bioReadTakesAtMostBufsizAndSaysWantReadWhenEmpty() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    IssuedCertificate leaf = root.issue("localhost");
    Context serverContext = new Context(OpenSsl.TLS_METHOD);
    serverContext.useCertificate(leaf.certificate());
    serverContext.usePrivatekey(leaf.key());
    Context clientContext = new Context(OpenSsl.TLS_METHOD);
    try (Connection client = new Connection(clientContext);
        Connection server = new Connection(serverContext)) {
      client.setConnectState();
      server.setAcceptState();
      assertThrows(WantReadException.class, () -> client.bioRead(1000), "nothing yet");
      assertThrows(WantReadException.class, client::doHandshake);
      // bytes wait but none were asked for: pyOpenSSL's Error([]) (BIO_read of 0 sets no retry)
      assertEquals(
          OpenSslException.class,
          assertThrows(OpenSslException.class, () -> client.bioRead(0)).getClass());

      ByteArrayOutputStream hello = new ByteArrayOutputStream();
      while (true) {
        byte[] chunk;
        try {
          chunk = client.bioRead(64);
        } catch (WantReadException drained) {
          break;
        }
        assertTrue(chunk.length > 0 && chunk.length <= 64, "length " + chunk.length);
        hello.writeBytes(chunk);
      }
      assertTrue(hello.size() > 64, "a ClientHello is longer than 64 bytes: " + hello.size());
      assertEquals(hello.size(), server.bioWrite(hello.toByteArray()));
      assertThrows(WantReadException.class, server::doHandshake);
      byte[] flight = server.bioRead(1 << 20);
      assertThrows(WantReadException.class, () -> server.bioRead(1 << 20), "all taken at once");
      client.bioWrite(flight);
      client.doHandshake();
      server.bioWrite(client.bioRead(1 << 20));
      server.doHandshake();
      client.sendAll("ping".getBytes());
      server.bioWrite(client.bioRead(1 << 20));
      assertEquals("ping", new String(server.recv(100)));
    }
  }
}
