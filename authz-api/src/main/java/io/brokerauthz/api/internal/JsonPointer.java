package io.brokerauthz.api.internal;

/**
 * JSON Pointer reference tokens (RFC 6901): {@code ~} is written {@code ~0} and {@code /} is
 * written {@code ~1}. The one copy of the escaping, used by the validator, the readers and the
 * diagnostics that locate a pointer in a file.
 *
 * <p>Internal: not part of the API (the package is exported only to sibling modules).
 */
public final class JsonPointer {

  private JsonPointer() {}

  /** Escapes one reference token. */
  public static String escape(String referenceToken) {
    return referenceToken.replace("~", "~0").replace("/", "~1");
  }

  /** Unescapes one reference token ({@code ~1} before {@code ~0}, as RFC 6901 §4 says). */
  public static String unescape(String referenceToken) {
    return referenceToken.indexOf('~') < 0 ? referenceToken : referenceToken.replace("~1", "/").replace("~0", "~");
  }

  /** {@code pointer} with one more reference token. */
  public static String append(String pointer, String referenceToken) {
    return pointer + "/" + escape(referenceToken);
  }
}
