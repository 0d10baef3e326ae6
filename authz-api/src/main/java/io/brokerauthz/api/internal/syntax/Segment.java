package io.brokerauthz.api.internal.syntax;

/**
 * A piece of policy text after token scanning: literal text or a token. {@code offset} is the
 * 0-based char index of the piece in the original string, for messages.
 */
record Segment(String text, Token token, int offset) {

  boolean isToken() {
    return token != null;
  }
}
