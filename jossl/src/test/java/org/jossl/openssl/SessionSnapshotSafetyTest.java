package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Connection#getSession()} hands out a snapshot and {@link Connection#setSession} works on a
 * copy, so no {@link Session} ever changes under a thread reading it while its connection runs
 * (reading the connection's live session during a handshake corrupted the C heap; see
 * CloseRaceMain). Resumption must still work with the copies, in TLS 1.2 and 1.3.
 */
class SessionSnapshotSafetyTest {
  @ParameterizedTest
  @ValueSource(ints = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void copiesResumeAndNeverChangeAfterwards(int version) throws Exception {
    try (Context cc = SafetyFixtures.clientContext();
        Context sc = SafetyFixtures.serverContext()) {
      cc.setMaxProtoVersion(version);
      Connection client = SafetyFixtures.client(cc);
      Connection server = SafetyFixtures.server(sc);
      // a snapshot taken in the middle of the handshake
      try {
        client.doHandshake();
      } catch (WantReadException expected) {
        // ClientHello out
      }
      Session early = client.getSession();
      assertNotNull(early);
      byte[] earlyDer = early.toDer();
      SafetyFixtures.handshake(client, server);
      // TLS 1.3 tickets arrive after the handshake: let the client read them
      server.sendAll("x".getBytes());
      SafetyFixtures.move(server, client);
      client.recv(10);
      assertArrayEquals(earlyDer, early.toDer(), "the snapshot changed with its connection");
      Session session = client.getSession();
      assertTrue(session.isResumable());
      byte[] der = session.toDer();
      client.close();
      server.close();
      // the connection is gone; its snapshot stays resumable
      assertTrue(session.isResumable());

      Connection again = SafetyFixtures.client(cc);
      again.setSession(session);
      Connection server2 = SafetyFixtures.server(sc);
      SafetyFixtures.handshake(again, server2);
      assertTrue(again.sessionReused(), "the copy did not resume");
      assertArrayEquals(der, session.toDer(), "the offered session changed with its connection");
      again.close();
      server2.close();
      early.close();
      session.close();

      // a fresh connection without a session does not resume (the test can tell the difference)
      Connection fresh = SafetyFixtures.client(cc);
      Connection server3 = SafetyFixtures.server(sc);
      SafetyFixtures.handshake(fresh, server3);
      assertFalse(fresh.sessionReused());
      fresh.close();
      server3.close();
    }
  }
}
