package org.jossl.ssl;

/**
 * The arguments of Python's {@code ssl._create_unverified_context()} (alias {@code
 * _create_stdlib_context}), with Python's defaults: the protocol chosen by the purpose, {@code
 * CERT_NONE}, no host name check, {@link Purpose#SERVER_AUTH}, no certificate, no CA locations.
 * Each {@code with…} method returns a changed copy.
 *
 * @param protocol Python's {@code protocol}, or null: {@code PROTOCOL_TLS_CLIENT} for {@link
 *     Purpose#SERVER_AUTH}, {@code PROTOCOL_TLS_SERVER} for {@link Purpose#CLIENT_AUTH}
 * @param certReqs Python's {@code cert_reqs}, or null to keep the protocol's default
 * @param checkHostname Python's {@code check_hostname}
 * @param purpose Python's {@code purpose}
 * @param certfile Python's {@code certfile}, or null
 * @param keyfile Python's {@code keyfile}, or null
 * @param locations Python's {@code cafile}, {@code capath} and {@code cadata}
 */
public record UnverifiedContextOptions(
    SslMethod protocol,
    VerifyMode certReqs,
    boolean checkHostname,
    Purpose purpose,
    String certfile,
    String keyfile,
    VerifyLocations locations) {

  /** Python's defaults. */
  public static UnverifiedContextOptions defaults() {
    return new UnverifiedContextOptions(
        null, VerifyMode.CERT_NONE, false, Purpose.SERVER_AUTH, null, null, VerifyLocations.none());
  }

  /** Python's {@code protocol=} (null: by purpose). */
  public UnverifiedContextOptions withProtocol(SslMethod protocol) {
    return new UnverifiedContextOptions(
        protocol, certReqs, checkHostname, purpose, certfile, keyfile, locations);
  }

  /** Python's {@code cert_reqs=} (null: Python's None, the protocol's default). */
  public UnverifiedContextOptions withCertReqs(VerifyMode certReqs) {
    return new UnverifiedContextOptions(
        protocol, certReqs, checkHostname, purpose, certfile, keyfile, locations);
  }

  /** Python's {@code check_hostname=}. */
  public UnverifiedContextOptions withCheckHostname(boolean checkHostname) {
    return new UnverifiedContextOptions(
        protocol, certReqs, checkHostname, purpose, certfile, keyfile, locations);
  }

  /** Python's {@code purpose=}. */
  public UnverifiedContextOptions withPurpose(Purpose purpose) {
    return new UnverifiedContextOptions(
        protocol, certReqs, checkHostname, purpose, certfile, keyfile, locations);
  }

  /** Python's {@code certfile=}. */
  public UnverifiedContextOptions withCertfile(String certfile) {
    return new UnverifiedContextOptions(
        protocol, certReqs, checkHostname, purpose, certfile, keyfile, locations);
  }

  /** Python's {@code keyfile=}. */
  public UnverifiedContextOptions withKeyfile(String keyfile) {
    return new UnverifiedContextOptions(
        protocol, certReqs, checkHostname, purpose, certfile, keyfile, locations);
  }

  /** Python's {@code cafile=}. */
  public UnverifiedContextOptions withCafile(String cafile) {
    return withLocations(locations.withCafile(cafile));
  }

  /** Python's {@code capath=}. */
  public UnverifiedContextOptions withCapath(String capath) {
    return withLocations(locations.withCapath(capath));
  }

  /** Python's {@code cadata=} with a string: PEM. */
  public UnverifiedContextOptions withCadata(String pem) {
    return withLocations(locations.withCadata(pem));
  }

  /** Python's {@code cadata=} with bytes: DER. */
  public UnverifiedContextOptions withCadata(byte[] der) {
    return withLocations(locations.withCadata(der));
  }

  /** {@code cafile}, {@code capath} and {@code cadata} at once. */
  public UnverifiedContextOptions withLocations(VerifyLocations locations) {
    return new UnverifiedContextOptions(
        protocol,
        certReqs,
        checkHostname,
        purpose,
        certfile,
        keyfile,
        locations == null ? VerifyLocations.none() : locations);
  }
}
