package org.jossl.ssl;

/**
 * The keyword arguments of Python's {@code SSLContext.wrap_socket()} and {@code wrap_bio()}, with
 * Python's defaults: client side, handshake on connect, ragged EOFs suppressed, no server name, no
 * session. Each {@code with…} method returns a changed copy.
 *
 * @param serverSide Python's {@code server_side}
 * @param doHandshakeOnConnect Python's {@code do_handshake_on_connect}
 * @param suppressRaggedEofs Python's {@code suppress_ragged_eofs}
 * @param serverHostname Python's {@code server_hostname} (a host name, IDN or A-label, or an IP
 *     address literal), or null
 * @param session Python's {@code session}, or null
 */
public record WrapOptions(
    boolean serverSide,
    boolean doHandshakeOnConnect,
    boolean suppressRaggedEofs,
    String serverHostname,
    SslSession session) {

  /** Python's defaults. */
  public static WrapOptions defaults() {
    return new WrapOptions(false, true, true, null, null);
  }

  /** Python's {@code server_side=}. */
  public WrapOptions withServerSide(boolean serverSide) {
    return new WrapOptions(
        serverSide, doHandshakeOnConnect, suppressRaggedEofs, serverHostname, session);
  }

  /** Python's {@code do_handshake_on_connect=}. */
  public WrapOptions withDoHandshakeOnConnect(boolean doHandshakeOnConnect) {
    return new WrapOptions(
        serverSide, doHandshakeOnConnect, suppressRaggedEofs, serverHostname, session);
  }

  /** Python's {@code suppress_ragged_eofs=}. */
  public WrapOptions withSuppressRaggedEofs(boolean suppressRaggedEofs) {
    return new WrapOptions(
        serverSide, doHandshakeOnConnect, suppressRaggedEofs, serverHostname, session);
  }

  /** Python's {@code server_hostname=}. */
  public WrapOptions withServerHostname(String serverHostname) {
    return new WrapOptions(
        serverSide, doHandshakeOnConnect, suppressRaggedEofs, serverHostname, session);
  }

  /** Python's {@code session=}. */
  public WrapOptions withSession(SslSession session) {
    return new WrapOptions(
        serverSide, doHandshakeOnConnect, suppressRaggedEofs, serverHostname, session);
  }
}
