package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile bytes into memory-mode connections, client and server: random garbage, and real handshake
 * flights (captured over memory BIOs from a live handshake) with bytes flipped, records truncated,
 * duplicated, dropped or swapped, length fields forged, application records corrupted. Every
 * outcome must be a completed step, a {@link WantReadException}, or an exception of the {@link
 * OpenSslException} family ({@link ZeroReturnException} and {@link SysCallException} included);
 * every loop is bounded; the error queue is empty after each case. Many seeds; {@code
 * -Djossl.soak=true} runs many more.
 */
@Timeout(120)
class HostileBytesSafetyTest {
  private static int seeds(int normal) {
    return SafetyFixtures.soak() ? normal * 50 : normal;
  }

  private final Map<String, Integer> outcomes = new TreeMap<>();

  /** Splits a byte stream into TLS records (a torn tail becomes its own piece). */
  static List<byte[]> records(byte[] stream) {
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    while (i < stream.length) {
      int len = i + 5 <= stream.length ? ((stream[i + 3] & 0xff) << 8) | (stream[i + 4] & 0xff) : 0;
      int end = Math.min(stream.length, i + 5 + len);
      out.add(Arrays.copyOfRange(stream, i, end));
      i = end;
    }
    return out;
  }

  static byte[] join(List<byte[]> records) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    records.forEach(b::writeBytes);
    return b.toByteArray();
  }

  static byte[] drain(Connection c) throws OpenSslException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      try {
        b.writeBytes(c.bioRead(64 * 1024));
      } catch (WantReadException none) {
        return b.toByteArray();
      }
    }
  }

  /** One of the ways to spoil a flight. */
  static byte[] mutate(byte[] flight, Random r) {
    List<byte[]> recs = new ArrayList<>(records(flight));
    switch (r.nextInt(9)) {
      case 0 -> { // flip a few bytes anywhere
        byte[] b = flight.clone();
        for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
          b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
        return b;
      }
      case 1 -> { // flip bytes in the headers only (type, version, length)
        byte[] b = flight.clone();
        int at = 0;
        for (byte[] rec : recs) {
          if (r.nextBoolean() && rec.length >= 5) {
            b[at + r.nextInt(5)] ^= (byte) (1 + r.nextInt(255));
          }
          at += rec.length;
        }
        return b;
      }
      case 2 -> { // truncate
        return Arrays.copyOf(flight, r.nextInt(flight.length));
      }
      case 3 -> { // duplicate a record
        int i = r.nextInt(recs.size());
        recs.add(i, recs.get(i));
        return join(recs);
      }
      case 4 -> { // drop a record
        recs.remove(r.nextInt(recs.size()));
        return join(recs);
      }
      case 5 -> { // swap two records
        int i = r.nextInt(recs.size());
        int j = r.nextInt(recs.size());
        byte[] t = recs.get(i);
        recs.set(i, recs.get(j));
        recs.set(j, t);
        return join(recs);
      }
      case 6 -> { // forge a record length
        byte[] b = flight.clone();
        int at = 0;
        int target = r.nextInt(recs.size());
        for (int i = 0; i < target; i++) {
          at += recs.get(i).length;
        }
        if (at + 5 <= b.length) {
          int len =
              switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> 0xffff;
                case 2 -> 16384 + 2048 + 1;
                default -> r.nextInt(0x10000);
              };
          b[at + 3] = (byte) (len >> 8);
          b[at + 4] = (byte) len;
        }
        return b;
      }
      case 7 -> { // random bytes spliced in
        byte[] junk = new byte[1 + r.nextInt(300)];
        r.nextBytes(junk);
        int at = r.nextInt(flight.length + 1);
        byte[] b = new byte[flight.length + junk.length];
        System.arraycopy(flight, 0, b, 0, at);
        System.arraycopy(junk, 0, b, at, junk.length);
        System.arraycopy(flight, at, b, at + junk.length, flight.length - at);
        return b;
      }
      default -> { // a record's body replaced by garbage of the same length
        int i = r.nextInt(recs.size());
        byte[] rec = recs.get(i).clone();
        for (int k = 5; k < rec.length; k++) {
          rec[k] = (byte) r.nextInt(256);
        }
        recs.set(i, rec);
        return join(recs);
      }
    }
  }

  /**
   * Feeds {@code bytes} to {@code victim} in random pieces, stepping the handshake (and then
   * reading) after each, then optionally the end of the stream; records every outcome, fails on any
   * exception outside the {@link OpenSslException} family.
   */
  void feed(String label, Connection victim, byte[] bytes, Random r, boolean handshaking) {
    int i = 0;
    boolean eofSent = false;
    for (int steps = 0; steps < 64; steps++) {
      if (i < bytes.length) {
        int n = Math.min(bytes.length - i, 1 + r.nextInt(Math.max(1, bytes.length / 2)));
        try {
          victim.bioWrite(Arrays.copyOfRange(bytes, i, i + n));
        } catch (OpenSslException e) {
          record(label, "bioWrite " + e.getClass().getSimpleName());
          break;
        }
        i += n;
      } else if (!eofSent && r.nextInt(3) == 0) {
        victim.bioShutdown();
        eofSent = true;
      }
      Throwable outcome = null;
      try {
        if (handshaking) {
          victim.doHandshake();
          handshaking = false;
          victim.recv(1024);
        } else {
          victim.recv(1024);
        }
      } catch (WantReadException more) {
        if (i >= bytes.length && (eofSent || steps > 8)) {
          record(label, "WantRead at the end");
          break;
        }
        continue;
      } catch (Throwable t) {
        outcome = t;
      }
      if (outcome == null) {
        record(label, "step completed");
        continue;
      }
      if (!(outcome instanceof OpenSslException)) {
        throw new AssertionError(label + ": " + outcome, outcome);
      }
      record(label, outcome.getClass().getSimpleName());
      // after a failure the connection is dead: further calls still only give SSL exceptions
      try {
        victim.send(new byte[] {1, 2, 3});
      } catch (OpenSslException expected) {
        // refused
      }
      break;
    }
    try {
      drain(victim);
    } catch (OpenSslException e) {
      throw new AssertionError(e);
    }
    SafetyFixtures.assertQueueEmpty(label);
  }

  private void record(String label, String what) {
    outcomes.merge(label.replaceAll(" #.*", "") + ": " + what, 1, Integer::sum);
  }

  private void report() {
    outcomes.forEach((k, v) -> System.out.println(k + " x" + v));
  }

  @Test
  void randomGarbageIntoBothEnds() throws Exception {
    try (Context cc = SafetyFixtures.clientContext();
        Context sc = SafetyFixtures.serverContext()) {
      for (int seed = 0; seed < seeds(300); seed++) {
        Random r = new Random(seed);
        byte[] junk = new byte[1 + r.nextInt(r.nextBoolean() ? 64 : 20_000)];
        r.nextBytes(junk);
        if (r.nextInt(4) == 0) {
          // a plausible record header in front of the garbage gets further into the parser
          junk[0] = (byte) (20 + r.nextInt(5));
          if (junk.length > 2) {
            junk[1] = 3;
            junk[2] = (byte) r.nextInt(5);
          }
        }
        try (Connection server = SafetyFixtures.server(sc)) {
          feed("garbage to server #" + seed, server, junk, r, true);
        }
        try (Connection client = SafetyFixtures.client(cc)) {
          try {
            client.doHandshake();
          } catch (WantReadException expected) {
            // the ClientHello is out
          }
          drain(client);
          feed("garbage to client #" + seed, client, junk, r, true);
        }
      }
    }
    report();
    assertTrue(outcomes.keySet().stream().anyMatch(k -> k.contains("OpenSslException")));
  }

  /** What a real handshake sends, flight by flight, for one pair of fresh connections. */
  private record Flights(
      Connection client, Connection server, byte[] clientHello, byte[] serverFlight) {}

  private static Flights start(Context cc, Context sc) throws OpenSslException {
    Connection client = SafetyFixtures.client(cc);
    Connection server = SafetyFixtures.server(sc);
    try {
      client.doHandshake();
    } catch (WantReadException expected) {
      // ClientHello sent
    }
    byte[] hello = drain(client);
    server.bioWrite(hello);
    try {
      server.doHandshake();
    } catch (WantReadException expected) {
      // ServerHello … Finished sent
    }
    return new Flights(client, server, hello, drain(server));
  }

  @Test
  void mutatedHandshakeFlightsIntoBothEnds() throws Exception {
    try (Context cc = SafetyFixtures.clientContext();
        Context sc = SafetyFixtures.serverContext()) {
      for (int seed = 0; seed < seeds(150); seed++) {
        Random r = new Random(1_000_000 + seed);
        // ClientHello spoiled, to a fresh server
        Flights f = start(cc, sc);
        try (Connection server = SafetyFixtures.server(sc)) {
          feed("ClientHello to server #" + seed, server, mutate(f.clientHello(), r), r, true);
        }
        // the server's flight spoiled, to the client that asked for it
        feed("server flight to client #" + seed, f.client(), mutate(f.serverFlight(), r), r, true);
        f.client().close();
        f.server().close();

        // the client's second flight (Finished) spoiled, to the server that waits for it
        Flights g = start(cc, sc);
        g.client().bioWrite(g.serverFlight());
        boolean clientDone = SafetyFixtures.step(g.client());
        byte[] second = drain(g.client());
        if (clientDone && second.length > 0) {
          feed("client Finished to server #" + seed, g.server(), mutate(second, r), r, true);
        }
        g.client().close();
        g.server().close();
      }
    }
    report();
    assertTrue(outcomes.keySet().stream().anyMatch(k -> k.contains("OpenSslException")));
  }

  @Test
  void corruptedApplicationRecordsAndDuplicatedHelloes() throws Exception {
    try (Context cc = SafetyFixtures.clientContext();
        Context sc = SafetyFixtures.serverContext()) {
      for (int seed = 0; seed < seeds(100); seed++) {
        Random r = new Random(2_000_000 + seed);
        Connection[] p = SafetyFixtures.pair(cc, sc);
        byte[] data = new byte[1 + r.nextInt(40_000)];
        r.nextBytes(data);
        p[0].sendAll(data);
        byte[] wire = drain(p[0]);
        feed("application data to server #" + seed, p[1], mutate(wire, r), r, false);
        p[0].close();
        p[1].close();
        p = SafetyFixtures.pair(cc, sc);
        p[1].sendAll(data);
        feed("application data to client #" + seed, p[0], mutate(drain(p[1]), r), r, false);
        p[0].close();
        p[1].close();

        // the whole first flight twice, or the hello again after the handshake
        Flights f = start(cc, sc);
        try (Connection server = SafetyFixtures.server(sc)) {
          byte[] twice = join(List.of(f.clientHello(), f.clientHello()));
          feed("ClientHello twice #" + seed, server, twice, r, true);
        }
        f.client().bioWrite(f.serverFlight());
        SafetyFixtures.step(f.client());
        f.server().bioWrite(drain(f.client()));
        SafetyFixtures.step(f.server());
        drain(f.server());
        feed("ClientHello after the handshake #" + seed, f.server(), f.clientHello(), r, false);
        f.client().close();
        f.server().close();
      }
    }
    report();
    assertTrue(outcomes.keySet().stream().anyMatch(k -> k.contains("OpenSslException")));
  }

  @Test
  void theUnspoiledFlightsStillMakeAHandshake() throws Exception {
    // the mutations above only mean something if the same bytes, unspoiled, work
    try (Context cc = SafetyFixtures.clientContext();
        Context sc = SafetyFixtures.serverContext()) {
      Flights f = start(cc, sc);
      List<byte[]> recs = records(f.serverFlight());
      assertEquals(f.serverFlight().length, join(recs).length);
      BiFunction<Connection, byte[], Boolean> give =
          (c, b) -> {
            try {
              c.bioWrite(b);
              return SafetyFixtures.step(c);
            } catch (OpenSslException e) {
              throw new AssertionError(e);
            }
          };
      assertTrue(give.apply(f.client(), f.serverFlight()));
      assertTrue(give.apply(f.server(), drain(f.client())));
      f.client().close();
      f.server().close();
    }
  }
}
