package org.jossl.crypto;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One {@code GeneralName} for a subject alternative name, an AIA location or a CRL distribution
 * point: DNS name, IP address, email, URI, directory name, registered ID or other name.
 *
 * <p>Values are written as given: no IDNA conversion, no validation beyond what the type needs, so
 * tests can build certificates with unusual or hostile names.
 */
public final class GeneralName {
  private final String kind;
  private final byte[] der;

  private GeneralName(String kind, byte[] der) {
    this.kind = kind;
    this.der = der;
  }

  /** {@code dNSName [2] IA5String}. */
  public static GeneralName dns(String name) {
    return dnsBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code dNSName} with exactly these content bytes (may hold NUL or non-ASCII bytes). */
  public static GeneralName dnsBytes(byte[] name) {
    return new GeneralName("DNS", Der.tlv(0x82, name));
  }

  /** {@code rfc822Name [1] IA5String}. */
  public static GeneralName email(String address) {
    return new GeneralName("email", Der.tlv(0x81, address.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code uniformResourceIdentifier [6] IA5String}. */
  public static GeneralName uri(String uri) {
    return uriBytes(uri.getBytes(StandardCharsets.UTF_8));
  }

  /** A URI with exactly these content bytes. */
  public static GeneralName uriBytes(byte[] uri) {
    return new GeneralName("URI", Der.tlv(0x86, uri));
  }

  /**
   * {@code iPAddress [7] OCTET STRING} from a literal IPv4 or IPv6 address (no DNS lookup).
   *
   * @throws IllegalArgumentException if {@code address} is not an IP literal
   */
  public static GeneralName ip(String address) {
    Objects.requireNonNull(address);
    if (!address.matches("[0-9.]+") && !address.contains(":")) {
      throw new IllegalArgumentException("not an IP address literal: " + address);
    }
    try {
      return ipBytes(InetAddress.getByName(address).getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: " + address, e);
    }
  }

  /** An {@code iPAddress} with exactly these octets (4 or 16 normally; any length is written). */
  public static GeneralName ipBytes(byte[] octets) {
    return new GeneralName("IP Address", Der.tlv(0x87, octets));
  }

  /** {@code directoryName [4] Name}. */
  public static GeneralName dirName(X509Name name) throws CryptoException {
    return new GeneralName("DirName", Der.tlv(0xa4, name.der()));
  }

  /** {@code registeredID [8] OBJECT IDENTIFIER}, dotted form. */
  public static GeneralName registeredId(String oid) {
    return new GeneralName("Registered ID", Der.tlv(0x88, Der.oidContent(oid)));
  }

  /** {@code otherName [0] { type-id, [0] EXPLICIT value }} with the value's full DER TLV. */
  public static GeneralName otherName(String oid, byte[] valueDer) {
    return new GeneralName("othername", Der.tlv(0xa0, Der.oid(oid), Der.tlv(0xa0, valueDer)));
  }

  /** A Microsoft UPN other name ({@code 1.3.6.1.4.1.311.20.2.3}, UTF8String value). */
  public static GeneralName upn(String upn) {
    return otherName("1.3.6.1.4.1.311.20.2.3", Der.tlv(0x0c, upn.getBytes(StandardCharsets.UTF_8)));
  }

  /** A general name given as its complete DER TLV, written unchanged. */
  public static GeneralName raw(byte[] derTlv) {
    return new GeneralName("raw", derTlv.clone());
  }

  /** The DER TLV of this name. */
  public byte[] der() {
    return der.clone();
  }

  /** The kind as Python labels it in {@code getpeercert()} ("DNS", "IP Address", …). */
  public String kind() {
    return kind;
  }

  @Override
  public String toString() {
    return "GeneralName[" + kind + "]";
  }
}
