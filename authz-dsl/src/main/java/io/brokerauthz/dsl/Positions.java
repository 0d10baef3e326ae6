package io.brokerauthz.dsl;

/** A source position packed in a long: line in the high half, column in the low half (0: unknown). */
final class Positions {

  private Positions() {}

  static long pack(int line, int column) {
    return ((long) line << 32) | (column & 0xFFFFFFFFL);
  }

  static int line(long position) {
    return (int) (position >>> 32);
  }

  static int column(long position) {
    return (int) position;
  }
}
