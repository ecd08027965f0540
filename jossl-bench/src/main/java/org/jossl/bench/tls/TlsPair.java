package org.jossl.bench.tls;

/**
 * One implementation's client and server, in memory, in one thread, for one {@link Scenario}. Every
 * implementation runs the same loop: a handshake alternates client step, move client→server bytes,
 * server step, move server→client bytes, until both ends are done; a bulk operation is client write
 * of 16 KiB, move, server read of 16 KiB.
 */
public interface TlsPair extends AutoCloseable {
  /**
   * One operation of the scenario: a handshake between two new connections (freed afterwards), or
   * one 16 KiB record over the established pair. Returns a value for JMH's blackhole.
   */
  long op() throws Exception;

  /** Application bytes one bulk operation carries (0 for handshakes). */
  int bytesPerOp();

  /**
   * Runs one operation and says what was negotiated and sent, to check the implementations agree.
   */
  Probe probe() throws Exception;

  /** Frees everything. */
  @Override
  void close() throws Exception;

  /**
   * What one operation negotiated and put on the wire.
   *
   * @param protocol the protocol version ("TLSv1.3")
   * @param cipher the cipher suite (the implementation's own name)
   * @param resumed whether the handshake resumed a session (bulk: the setup handshake)
   * @param clientBytes bytes the client sent in the operation
   * @param serverBytes bytes the server sent in the operation
   * @param appBytes application bytes per bulk operation (0 for handshakes)
   */
  record Probe(
      String protocol,
      String cipher,
      boolean resumed,
      long clientBytes,
      long serverBytes,
      long appBytes) {
    /** One line: {@code protocol cipher resumed clientBytes serverBytes appBytes}. */
    public String line() {
      return protocol
          + " "
          + cipher
          + " "
          + resumed
          + " "
          + clientBytes
          + " "
          + serverBytes
          + " "
          + appBytes;
    }

    /** Parses {@link #line()}. */
    public static Probe parse(String line) {
      String[] f = line.trim().split(" ");
      return new Probe(
          f[0],
          f[1],
          Boolean.parseBoolean(f[2]),
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          Long.parseLong(f[5]));
    }
  }
}
