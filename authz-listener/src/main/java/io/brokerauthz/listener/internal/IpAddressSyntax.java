package io.brokerauthz.listener.internal;

/**
 * Whether text is an IP address literal as Go's {@code net.ParseIP} reads it (cert-manager
 * parses {@code san.ip} with it; SPEC §11): dotted-quad IPv4 without leading zeros, or RFC 4291
 * IPv6 text (with at most one {@code ::} and an optional trailing dotted quad), no zone, no
 * brackets, no prefix length. Purely syntactic: never a DNS lookup, unlike
 * {@code InetAddress.getByName}, which would resolve a host name.
 */
public final class IpAddressSyntax {

  private IpAddressSyntax() {}

  public static boolean isIpAddress(String text) {
    return isIpv4(text) || isIpv6(text);
  }

  public static boolean isIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        char c = part.charAt(i);
        if (c < '0' || c > '9') {
          return false;
        }
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  public static boolean isIpv6(String text) {
    if (!text.contains(":")) {
      return false;
    }
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return false; // "::" may stand once only
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    int groups = 0;
    boolean embeddedIpv4 = false;
    String[] sides = doubleColon >= 0 ? new String[] {head, tail} : new String[] {head};
    for (int s = 0; s < sides.length; s++) {
      String side = sides[s];
      if (side.isEmpty()) {
        continue;
      }
      String[] fields = side.split(":", -1);
      for (int i = 0; i < fields.length; i++) {
        String field = fields[i];
        boolean last = i == fields.length - 1;
        boolean lastOfAddress = last && s == sides.length - 1;
        if (lastOfAddress && field.contains(".")) {
          if (!isIpv4(field)) {
            return false;
          }
          groups += 2;
          embeddedIpv4 = true;
          continue;
        }
        if (!isHexGroup(field)) {
          return false;
        }
        groups++;
      }
    }
    if (embeddedIpv4 && groups > 8) {
      return false;
    }
    return doubleColon >= 0 ? groups <= 7 : groups == 8;
  }

  private static boolean isHexGroup(String field) {
    if (field.isEmpty() || field.length() > 4) {
      return false;
    }
    for (int i = 0; i < field.length(); i++) {
      if (Character.digit(field.charAt(i), 16) < 0 || field.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }
}
