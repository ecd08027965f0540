package org.jossl.ssl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jossl.crypto.DecodedCertificate;

/**
 * Python's legacy {@code ssl.match_hostname} (RFC 6125 rules as Python 3.7–3.11 applied them): IP
 * addresses match only IP SANs, names only DNS SANs, the common name only when there is no SAN of
 * either kind, and a wildcard only as the whole leftmost label.
 */
final class HostnameMatcher {
  private HostnameMatcher() {}

  static void match(DecodedCertificate cert, String hostname) throws SslCertVerificationException {
    if (cert == null || cert.isEmpty()) {
      throw new IllegalArgumentException(
          "empty or no certificate, match_hostname needs a SSL socket or SSL context with either"
              + " CERT_OPTIONAL or CERT_REQUIRED");
    }
    byte[] hostIp;
    try {
      hostIp = inetPaton(hostname);
    } catch (IllegalArgumentException notAnIp) {
      hostIp = null;
    }
    List<String> names = new ArrayList<>();
    if (cert.subjectAltName() != null) {
      for (DecodedCertificate.AltName san : cert.subjectAltName()) {
        if (san.type().equals("DNS")) {
          String value = (String) san.value();
          if (hostIp == null && dnsnameMatch(value, hostname)) {
            return;
          }
          names.add(value);
        } else if (san.type().equals("IP Address")) {
          String value = (String) san.value();
          if (hostIp != null && Arrays.equals(inetPaton(value.stripTrailing()), hostIp)) {
            return;
          }
          names.add(value);
        }
      }
    }
    if (names.isEmpty()) {
      for (List<DecodedCertificate.Attribute> rdn : cert.subject()) {
        for (DecodedCertificate.Attribute a : rdn) {
          if (a.name().equals("commonName")) {
            String value = a.valueString();
            if (dnsnameMatch(value, hostname)) {
              return;
            }
            names.add(value);
          }
        }
      }
    }
    if (names.size() > 1) {
      List<String> reprs = names.stream().map(SslException::pyRepr).toList();
      throw new SslCertVerificationException(
          "hostname "
              + SslException.pyRepr(hostname)
              + " doesn't match either of "
              + String.join(", ", reprs));
    }
    if (names.size() == 1) {
      throw new SslCertVerificationException(
          "hostname "
              + SslException.pyRepr(hostname)
              + " doesn't match "
              + SslException.pyRepr(names.getFirst()));
    }
    throw new SslCertVerificationException(
        "no appropriate commonName or subjectAltName fields were found");
  }

  /** Python's {@code _dnsname_match}. */
  static boolean dnsnameMatch(String dn, String hostname) throws SslCertVerificationException {
    if (dn.isEmpty()) {
      return false;
    }
    long wildcards = dn.chars().filter(c -> c == '*').count();
    if (wildcards == 0) {
      return dn.toLowerCase(Locale.ROOT).equals(hostname.toLowerCase(Locale.ROOT));
    }
    if (wildcards > 1) {
      throw new SslCertVerificationException(
          "too many wildcards in certificate DNS name: " + SslException.pyRepr(dn) + ".");
    }
    int dot = dn.indexOf('.');
    String leftmost = dot < 0 ? dn : dn.substring(0, dot);
    String remainder = dot < 0 ? "" : dn.substring(dot + 1);
    if (remainder.contains("*")) {
      throw new SslCertVerificationException(
          "wildcard can only be present in the leftmost label: " + SslException.pyRepr(dn) + ".");
    }
    if (dot < 0) {
      throw new SslCertVerificationException(
          "sole wildcard without additional labels are not support: "
              + SslException.pyRepr(dn)
              + ".");
    }
    if (!leftmost.equals("*")) {
      throw new SslCertVerificationException(
          "partial wildcards in leftmost label are not supported: "
              + SslException.pyRepr(dn)
              + ".");
    }
    int hdot = hostname.indexOf('.');
    if (hdot <= 0) {
      return false;
    }
    return remainder
        .toLowerCase(Locale.ROOT)
        .equals(hostname.substring(hdot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Python's {@code _inet_paton}: the packed address of a canonical dotted quad or an IPv6 literal.
   *
   * @throws IllegalArgumentException with Python's messages otherwise
   */
  static byte[] inetPaton(String name) {
    byte[] v4 = inetAton(name);
    if (v4 != null) {
      String canonical =
          (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
      if (canonical.equals(name)) {
        return v4;
      }
      throw new IllegalArgumentException(
          SslException.pyRepr(name) + " is not a quad-dotted IPv4 address.");
    }
    byte[] v6 = inetPton6(name);
    if (v6 != null) {
      return v6;
    }
    throw new IllegalArgumentException(
        SslException.pyRepr(name) + " is neither an IPv4 nor an IP6 address.");
  }

  /** glibc's {@code inet_aton}: 1 to 4 numbers (decimal, octal, hex), trailing space allowed. */
  static byte[] inetAton(String s) {
    int end = s.length();
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        end = i;
        break;
      }
    }
    String core = s.substring(0, end);
    if (core.isEmpty()) {
      return null;
    }
    String[] parts = core.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long v = cNumber(parts[i]);
      if (v == null) {
        return null;
      }
      values[i] = v;
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 0xff) {
        return null;
      }
      address |= values[i] << (8 * (3 - i));
    }
    long last = values[parts.length - 1];
    long limit = (1L << (8 * (4 - (parts.length - 1)))) - 1;
    if (last > limit) {
      return null;
    }
    address |= last;
    return new byte[] {
      (byte) (address >> 24), (byte) (address >> 16), (byte) (address >> 8), (byte) address
    };
  }

  private static Long cNumber(String p) {
    if (p.isEmpty()) {
      return null;
    }
    try {
      if (p.startsWith("0x") || p.startsWith("0X")) {
        return p.length() == 2 ? 0L : Long.parseLong(p.substring(2), 16);
      }
      if (p.startsWith("0") && p.length() > 1) {
        return Long.parseLong(p.substring(1), 8);
      }
      if (!p.chars().allMatch(Character::isDigit)) {
        return null;
      }
      return Long.parseLong(p);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code inet_pton(AF_INET6, s)}: hex groups, one "::", an optional trailing IPv4 quad. */
  static byte[] inetPton6(String s) {
    if (!s.contains(":")) {
      return null;
    }
    byte[] out = new byte[16];
    String head = s;
    String tail = "";
    int dc = s.indexOf("::");
    if (dc >= 0) {
      if (s.indexOf("::", dc + 1) >= 0) {
        return null;
      }
      head = s.substring(0, dc);
      tail = s.substring(dc + 2);
    }
    List<Integer> h = groups(head, dc >= 0 || tail.isEmpty());
    List<Integer> t = dc >= 0 ? groups(tail, true) : List.of();
    if (h == null || t == null) {
      return null;
    }
    int words = h.size() + t.size();
    if (dc < 0 && words != 8) {
      return null;
    }
    if (dc >= 0 && words > 7) {
      return null;
    }
    for (int i = 0; i < h.size(); i++) {
      out[2 * i] = (byte) (h.get(i) >> 8);
      out[2 * i + 1] = (byte) (int) h.get(i);
    }
    for (int i = 0; i < t.size(); i++) {
      int w = 8 - t.size() + i;
      out[2 * w] = (byte) (t.get(i) >> 8);
      out[2 * w + 1] = (byte) (int) t.get(i);
    }
    return out;
  }

  /** 16-bit groups of one side of "::" (the last may be a dotted IPv4, counting as two). */
  private static List<Integer> groups(String side, boolean allowEmpty) {
    List<Integer> out = new ArrayList<>();
    if (side.isEmpty()) {
      return allowEmpty ? out : null;
    }
    String[] parts = side.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && p.contains(".")) {
        byte[] v4 = strictQuad(p);
        if (v4 == null) {
          return null;
        }
        out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
        out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
        continue;
      }
      if (p.isEmpty() || p.length() > 4 || !p.matches("[0-9a-fA-F]+")) {
        return null;
      }
      out.add(Integer.parseInt(p, 16));
    }
    return out;
  }

  private static byte[] strictQuad(String p) {
    String[] q = p.split("\\.", -1);
    if (q.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!q[i].matches("\\d{1,3}") || (q[i].length() > 1 && q[i].startsWith("0"))) {
        return null;
      }
      int v = Integer.parseInt(q[i]);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }
}
