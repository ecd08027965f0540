package org.jossl.ssl;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.X509;
import org.jossl.internal.Buffers;
import org.jossl.internal.Transport;

/**
 * A TLS connection without a socket; Python's {@code ssl.SSLObject} (from {@link
 * SslContext#wrapBio}). The application moves the bytes: it writes what arrives from the peer into
 * the incoming {@link MemoryBio} and sends what appears in the outgoing one. Every call returns at
 * once; {@link SslWantReadException} means "feed the incoming buffer and call again".
 *
 * <p>This is the path for event loops and non-blocking frameworks.
 */
public final class SslObject implements SslConnection, AutoCloseable {
  private final SslCore core;
  private final MemoryBio incoming;
  private final MemoryBio outgoing;

  private SslObject(SslCore core, MemoryBio incoming, MemoryBio outgoing) {
    this.core = core;
    this.incoming = incoming;
    this.outgoing = outgoing;
  }

  static SslObject create(
      SslContext context, MemoryBio incoming, MemoryBio outgoing, WrapOptions options)
      throws SslException {
    Objects.requireNonNull(incoming, "incoming");
    Objects.requireNonNull(outgoing, "outgoing");
    SslObject[] self = new SslObject[1];
    SslCore core =
        incoming.ref.use(
            in ->
                outgoing.ref.use(
                    out ->
                        SslCore.create(
                            context,
                            options.serverSide(),
                            options.serverHostname(),
                            options.session(),
                            in,
                            out,
                            new Deferred(self))));
    SslObject object = new SslObject(core, incoming, outgoing);
    self[0] = object;
    core.engine.setOwner(object);
    incoming.attach(core.engine.lock());
    outgoing.attach(core.engine.lock());
    return object;
  }

  /** Placeholder owner while the object is being made (callbacks cannot run before). */
  private record Deferred(SslObject[] self) {}

  /** The incoming buffer. */
  public MemoryBio incoming() {
    return incoming;
  }

  /** The outgoing buffer. */
  public MemoryBio outgoing() {
    return outgoing;
  }

  /**
   * Runs the handshake as far as the incoming bytes allow.
   *
   * <p>Python: {@code SSLObject.do_handshake()}. OpenSSL: {@code SSL_do_handshake}
   *
   * @throws SslWantReadException until the handshake needs no more bytes
   */
  public void doHandshake() throws IOException {
    core.doHandshake(Transport.FOREVER);
  }

  /**
   * Reads up to {@code length} bytes of application data; empty at a clean close.
   *
   * <p>Python: {@code SSLObject.read(len=1024)}
   */
  public byte[] read(int length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("size should not be negative");
    }
    return core.read(length, Transport.FOREVER);
  }

  /**
   * Reads into {@code buffer} (up to {@code length}; the whole buffer if {@code length} ≤ 0 or
   * larger); returns the count, 0 at a clean close.
   *
   * <p>Python: {@code SSLObject.read(len, buffer)}
   */
  public int read(int length, byte[] buffer) throws IOException {
    int n = length <= 0 || length > buffer.length ? buffer.length : length;
    return core.read(buffer, 0, n, Transport.FOREVER);
  }

  /**
   * Reads into {@code buffer}, from its position up to its limit, and advances the position past
   * the bytes read; returns the count, 0 at a clean close (or when nothing remains of the buffer).
   * A direct buffer is filled by OpenSSL itself, a heap one from the connection's native buffer
   * (one copy). As {@link #read(int, byte[])} in every other way (the position is unchanged when it
   * throws).
   *
   * <p>Python: {@code SSLObject.read(len, buffer)}. OpenSSL: {@code SSL_read_ex}
   *
   * @throws IllegalArgumentException if {@code buffer} is read-only
   * @throws SslWantReadException when the incoming buffer holds no complete record
   */
  public int readInto(ByteBuffer buffer) throws IOException {
    MemorySegment into = Buffers.remaining(buffer, true);
    int n = core.read(into, (int) into.byteSize(), Transport.FOREVER);
    buffer.position(buffer.position() + n);
    return n;
  }

  /**
   * Encrypts all of {@code data} into the outgoing buffer; returns its length.
   *
   * <p>Python: {@code SSLObject.write(data)}
   */
  public int write(byte[] data) throws IOException {
    return core.write(data, 0, data.length, Transport.FOREVER);
  }

  /**
   * Encrypts everything from {@code data}'s position to its limit into the outgoing buffer and
   * moves the position to the limit; returns the count. A direct buffer goes to OpenSSL without a
   * copy, a heap one (read-only too) through the connection's native buffer. As {@link
   * #write(byte[])} in every other way (the position is unchanged when it throws).
   *
   * <p>Python: {@code SSLObject.write(data)} (with a {@code memoryview}). OpenSSL: {@code
   * SSL_write_ex}
   */
  public int write(ByteBuffer data) throws IOException {
    int n = core.write(Buffers.remaining(data, false), Transport.FOREVER);
    data.position(data.position() + n);
    return n;
  }

  /**
   * Sends close_notify, then expects the peer's: {@link SslWantReadException} until it arrived.
   *
   * <p>Python: {@code SSLObject.unwrap()}
   */
  public void unwrap() throws IOException {
    core.unwrap(Transport.FOREVER);
  }

  @Override
  public SslContext getContext() {
    return core.getContext();
  }

  @Override
  public void setContext(SslContext context) {
    core.setContext(context);
  }

  @Override
  public boolean isServerSide() {
    return core.serverSide;
  }

  @Override
  public String getServerHostname() {
    return core.serverHostname;
  }

  @Override
  public DecodedCertificate getPeerCert() throws SslException {
    return core.getPeerCert();
  }

  @Override
  public byte[] getPeerCertDer() throws SslException {
    return core.getPeerCertDer();
  }

  @Override
  public List<X509> getVerifiedChain() {
    return core.verifiedChain();
  }

  @Override
  public List<X509> getUnverifiedChain() {
    return core.unverifiedChain();
  }

  @Override
  public CipherInfo cipher() {
    return core.cipher();
  }

  @Override
  public List<CipherInfo> sharedCiphers() {
    return core.sharedCiphers();
  }

  @Override
  public String compression() {
    return core.compression();
  }

  @Override
  public String version() {
    return core.version();
  }

  @Override
  public String group() {
    return core.group();
  }

  @Override
  public String selectedAlpnProtocol() {
    return core.selectedAlpnProtocol();
  }

  @Override
  public byte[] getChannelBinding(String type) {
    return core.channelBinding(type);
  }

  /** Python's {@code get_channel_binding()}: tls-unique. */
  public byte[] getChannelBinding() {
    return core.channelBinding("tls-unique");
  }

  @Override
  public SslSession getSession() {
    return core.getSession();
  }

  @Override
  public void setSession(SslSession session) {
    try {
      core.setSession(session);
    } catch (SslException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public boolean isSessionReused() {
    return core.sessionReused();
  }

  @Override
  public int pending() {
    return core.pending();
  }

  @Override
  public void verifyClientPostHandshake() throws SslException {
    core.verifyClientPostHandshake();
  }

  /** Frees the connection (the buffers stay usable). */
  @Override
  public void close() {
    core.close();
  }
}
