package org.jossl.bench.tls;

/**
 * The TLS scenarios measured the same way by jossl, JSSE and the C program ({@code tlsbench.c},
 * which has the same table): protocol, certificate key, cipher, and what one operation is.
 *
 * <p>Common to all: X25519 key exchange; the client verifies the server's certificate against the
 * root (no host name check, no client certificate); the server keeps no session cache. In the
 * full-handshake and bulk scenarios the server issues no session tickets; in the resumption
 * scenario it issues exactly one per handshake (JSSE's default), which the client reads and offers
 * next time.
 */
public enum Scenario {
  /** Full TLS 1.3 handshake, X25519, ECDSA P-256 leaf, TLS_AES_128_GCM_SHA256. */
  TLS13_ECDSA_FULL("tls13-ecdsa-full", true, "ecdsa", "TLS_AES_128_GCM_SHA256", Kind.FULL),
  /** Full TLS 1.3 handshake, X25519, RSA-2048 leaf (rsa_pss_rsae_sha256). */
  TLS13_RSA_FULL("tls13-rsa-full", true, "rsa", "TLS_AES_128_GCM_SHA256", Kind.FULL),
  /** Resumed TLS 1.3 handshake with a ticket (psk_dhe_ke, so X25519 again), ECDSA leaf. */
  TLS13_RESUMED("tls13-ecdsa-resumed", true, "ecdsa", "TLS_AES_128_GCM_SHA256", Kind.RESUMED),
  /** Full TLS 1.2 handshake, ECDHE(X25519)-ECDSA(P-256)-AES128-GCM-SHA256. */
  TLS12_ECDSA_FULL(
      "tls12-ecdsa-full",
      false,
      "ecdsa",
      "ECDHE-ECDSA-AES128-GCM-SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      Kind.FULL),
  /** 16 KiB records, TLS 1.3 AES-128-GCM. */
  BULK_AES128_GCM("bulk-aes128gcm", true, "ecdsa", "TLS_AES_128_GCM_SHA256", Kind.BULK),
  /** 16 KiB records, TLS 1.3 AES-256-GCM. */
  BULK_AES256_GCM("bulk-aes256gcm", true, "ecdsa", "TLS_AES_256_GCM_SHA384", Kind.BULK),
  /** 16 KiB records, TLS 1.3 ChaCha20-Poly1305. */
  BULK_CHACHA20("bulk-chacha20poly1305", true, "ecdsa", "TLS_CHACHA20_POLY1305_SHA256", Kind.BULK),
  /** 16 KiB records over one loopback TCP connection, TLS 1.3 AES-128-GCM. */
  SOCKET_BULK_AES128_GCM(
      "socket-bulk-aes128gcm", true, "ecdsa", "TLS_AES_128_GCM_SHA256", Kind.SOCKET_BULK),
  /** 16 KiB records over one loopback TCP connection, TLS 1.3 ChaCha20-Poly1305. */
  SOCKET_BULK_CHACHA20(
      "socket-bulk-chacha20poly1305",
      true,
      "ecdsa",
      "TLS_CHACHA20_POLY1305_SHA256",
      Kind.SOCKET_BULK),
  /** New TLS 1.3 connections (full handshakes, ECDSA leaf) from many concurrent clients. */
  CONNECT_FULL("connect-tls13-ecdsa-full", true, "ecdsa", "TLS_AES_128_GCM_SHA256", Kind.CONNECT),
  /** Resumed TLS 1.3 connections (one ticket each) from many concurrent clients. */
  CONNECT_RESUMED(
      "connect-tls13-ecdsa-resumed", true, "ecdsa", "TLS_AES_128_GCM_SHA256", Kind.CONNECT_RESUMED),
  /** Idle TLS 1.3 connections, handshaken, one small message each way, then left open. */
  IDLE("idle-tls13-ecdsa", true, "ecdsa", "TLS_AES_128_GCM_SHA256", Kind.IDLE);

  /** What one operation of a scenario is. */
  public enum Kind {
    /** A full handshake between two new connections. */
    FULL,
    /** A handshake resuming the previous one's session, then reading the new ticket. */
    RESUMED,
    /** One 16 KiB application-data record from client to server (encrypt, move, decrypt). */
    BULK,
    /** As {@link #BULK}, over a loopback TCP connection, the server end on its own thread. */
    SOCKET_BULK,
    /**
     * A new connection over loopback TCP: connect, full handshake, one byte from the server, close
     * (see {@link ConnectionServer}).
     */
    CONNECT,
    /** As {@link #CONNECT}, resuming the client's previous session (the server sends a ticket). */
    CONNECT_RESUMED,
    /** Connections left open and idle, for memory (see {@link IdleMemory}). */
    IDLE;

    /** Whether both ends run in memory in one thread ({@link TlsPair}). */
    public boolean inMemory() {
      return this == FULL || this == RESUMED || this == BULK;
    }
  }

  /** Application bytes per bulk operation: one full TLS record. */
  public static final int RECORD = 16 * 1024;

  /** Buffer for moving network bytes: a whole record and its overhead fit. */
  public static final int NET_BUFFER = 17 * 1024;

  /**
   * The groups the ends offer, OpenSSL's names. TLS 1.2 needs P-256 in the list too: there the
   * client's groups also say which ECDSA certificates it accepts (RFC 8422); X25519 comes first, so
   * the key exchange is X25519 all the same.
   */
  public String opensslGroups() {
    return tls13 ? "X25519" : "X25519:P-256";
  }

  /** {@link #opensslGroups()} in JSSE's names. */
  public String[] jsseGroups() {
    return tls13 ? new String[] {"x25519"} : new String[] {"x25519", "secp256r1"};
  }

  /** The name used in reports and by the C program. */
  public final String id;

  /** TLS 1.3 (else TLS 1.2). */
  public final boolean tls13;

  /** The PKI directory's subdirectory: "ecdsa" or "rsa". */
  public final String keys;

  /** OpenSSL's name of the cipher (suite). */
  public final String opensslCipher;

  /** JSSE's (IANA) name of the cipher suite. */
  public final String jsseCipher;

  /** What one operation is. */
  public final Kind kind;

  Scenario(String id, boolean tls13, String keys, String cipher, Kind kind) {
    this(id, tls13, keys, cipher, cipher, kind);
  }

  Scenario(
      String id, boolean tls13, String keys, String opensslCipher, String jsseCipher, Kind kind) {
    this.id = id;
    this.tls13 = tls13;
    this.keys = keys;
    this.opensslCipher = opensslCipher;
    this.jsseCipher = jsseCipher;
    this.kind = kind;
  }

  /** Session tickets the server issues per handshake. */
  public int tickets() {
    return kind == Kind.RESUMED || kind == Kind.CONNECT_RESUMED ? 1 : 0;
  }

  /** The scenario with this id or enum name. */
  public static Scenario of(String name) {
    for (Scenario s : values()) {
      if (s.id.equals(name) || s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scenario " + name);
  }
}
