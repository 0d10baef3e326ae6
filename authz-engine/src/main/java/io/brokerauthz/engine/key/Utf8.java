package io.brokerauthz.engine.key;

import io.brokerauthz.api.Request;
import io.brokerauthz.api.internal.syntax.TopicSyntax;

/**
 * Strict UTF-8 validity (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
 * SPEC §7: a key that is not valid UTF-8 has no characters to glob over and can match only
 * Binary entries.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class Utf8 {

  private Utf8() {}

  /** Whether the key of a state-store request is valid UTF-8, read in place. */
  public static boolean isValid(Request.StateStore key) {
    int i = 0;
    int n = key.keyLength();
    while (i < n) {
      int c = key.keyByte(i) & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int len;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + len > n) {
        return false;
      }
      int cp = c & (0xFF >>> (len + 1));
      for (int k = 1; k < len; k++) {
        int cc = key.keyByte(i + k) & 0xFF;
        if ((cc & 0xC0) != 0x80) {
          return false;
        }
        cp = cp << 6 | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += len;
    }
    return true;
  }

  /** Whether {@code bytes} are valid UTF-8. */
  public static boolean isValid(byte[] bytes) {
    return isValid(Request.stateStore(io.brokerauthz.api.StateStoreOperation.GET, bytes));
  }

  /** True if {@code s} has no unpaired surrogate, so its UTF-8 encoding is faithful. */
  public static boolean isWellFormed(String s) {
    return TopicSyntax.unpairedSurrogate(s, 0, s.length()) < 0;
  }

}
