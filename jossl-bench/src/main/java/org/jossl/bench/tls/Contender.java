package org.jossl.bench.tls;

/**
 * One implementation of a scenario as {@link TlsInterleaved} measures it: it runs for a given time
 * and says how many operations it did and what they cost.
 */
interface Contender extends AutoCloseable {
  /** A measured slice: operations, wall-clock and CPU nanoseconds (server process: -1 if none). */
  record Slice(long ops, long wallNanos, long cpuNanos, long serverCpuNanos) {
    Slice(long ops, long wallNanos, long cpuNanos) {
      this(ops, wallNanos, cpuNanos, -1);
    }

    /** All the CPU time the slice cost, in this process and the server's. */
    long allCpuNanos() {
      return cpuNanos + Math.max(0, serverCpuNanos);
    }
  }

  /** Runs operations until about {@code seconds} of wall-clock time have passed. */
  Slice slice(double seconds) throws Exception;

  /** Whether it runs Java in this JVM (or a child JVM), so that it needs a JIT warm-up. */
  default boolean java() {
    return true;
  }

  /** What one operation negotiated and sent. */
  TlsPair.Probe probe() throws Exception;

  /** The OpenSSL version it runs on ("-" for none). */
  String openssl();

  @Override
  void close() throws Exception;
}
