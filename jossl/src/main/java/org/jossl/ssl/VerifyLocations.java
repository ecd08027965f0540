package org.jossl.ssl;

/**
 * The keyword arguments of Python's {@code SSLContext.load_verify_locations(cafile=None,
 * capath=None, cadata=None)}: {@code cadata} is PEM text or DER bytes, as in Python.
 *
 * @param cafile a PEM file of CA certificates (and CRLs), or null
 * @param capath a hashed directory ({@code c_rehash}), or null
 * @param cadataPem CA certificates as PEM text, or null
 * @param cadataDer CA certificates as concatenated DER, or null
 */
public record VerifyLocations(String cafile, String capath, String cadataPem, byte[] cadataDer) {
  /** Files only. */
  public static VerifyLocations of(String cafile, String capath) {
    return new VerifyLocations(cafile, capath, null, null);
  }

  /** Nothing yet; add with the {@code with…} methods. */
  public static VerifyLocations none() {
    return new VerifyLocations(null, null, null, null);
  }

  /** Python's {@code cafile=}. */
  public VerifyLocations withCafile(String cafile) {
    return new VerifyLocations(cafile, capath, cadataPem, cadataDer);
  }

  /** Python's {@code capath=}. */
  public VerifyLocations withCapath(String capath) {
    return new VerifyLocations(cafile, capath, cadataPem, cadataDer);
  }

  /**
   * Python's {@code cadata=} with a string: PEM.
   *
   * @throws IllegalArgumentException if the text is not ASCII (Python's TypeError)
   */
  public VerifyLocations withCadata(String pem) {
    if (!pem.chars().allMatch(c -> c < 128)) {
      throw new IllegalArgumentException("cadata should be an ASCII string or a bytes-like object");
    }
    return new VerifyLocations(cafile, capath, pem, cadataDer);
  }

  /** Python's {@code cadata=} with bytes: DER. */
  public VerifyLocations withCadata(byte[] der) {
    return new VerifyLocations(cafile, capath, cadataPem, der.clone());
  }
}
