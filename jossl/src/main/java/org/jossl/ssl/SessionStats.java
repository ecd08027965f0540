package org.jossl.ssl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A context's session cache counters; Python's {@code SSLContext.session_stats()} dict.
 *
 * @param number sessions in the cache
 * @param connect client handshakes started
 * @param connectGood client handshakes completed
 * @param connectRenegotiate client renegotiations started
 * @param accept server handshakes started
 * @param acceptGood server handshakes completed
 * @param acceptRenegotiate server renegotiations started
 * @param hits sessions resumed from the cache
 * @param misses session lookups that failed
 * @param timeouts expired sessions found
 * @param cacheFull sessions dropped because the cache was full
 */
public record SessionStats(
    long number,
    long connect,
    long connectGood,
    long connectRenegotiate,
    long accept,
    long acceptGood,
    long acceptRenegotiate,
    long hits,
    long misses,
    long timeouts,
    long cacheFull) {

  /** Python's dict, keys in Python's order. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("number", number);
    m.put("connect", connect);
    m.put("connect_good", connectGood);
    m.put("connect_renegotiate", connectRenegotiate);
    m.put("accept", accept);
    m.put("accept_good", acceptGood);
    m.put("accept_renegotiate", acceptRenegotiate);
    m.put("hits", hits);
    m.put("misses", misses);
    m.put("timeouts", timeouts);
    m.put("cache_full", cacheFull);
    return m;
  }
}
