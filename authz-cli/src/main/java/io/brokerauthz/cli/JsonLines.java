package io.brokerauthz.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON Lines as {@code authz decide} reads them: a line ends at {@code \n} only (a {@code \r}
 * before it is dropped, so {@code \r\n} files read the same), never at a bare {@code \r}, which is
 * whitespace inside JSON; splitting there would pair answers with the wrong requests (issue 18).
 * Lines are split on bytes, which is safe in UTF-8 (no multi-byte sequence holds 0x0A), then
 * decoded strictly. A line over {@link #MAX_LINE_BYTES} is not kept in memory: it is skipped to
 * its end and reported, so an endless line cannot exhaust the heap.
 */
final class JsonLines {

  /** The longest request line kept: far above any request (a topic is at most 65,535 bytes). */
  static final int MAX_LINE_BYTES = 1 << 20;

  /** One line: its 1-based number, and its text or why it cannot be read. */
  record Line(long number, String text, String problem) {}

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;
  private long number;
  private boolean ended;

  JsonLines(InputStream in) {
    this(in, MAX_LINE_BYTES);
  }

  JsonLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or null at the end of the input. */
  Line next() throws IOException {
    if (ended) {
      return null;
    }
    byte[] line = new byte[128];
    int length = 0;
    boolean tooLong = false;
    boolean sawAny = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          ended = true;
          if (!sawAny) {
            return null;
          }
          break;
        }
      }
      sawAny = true;
      byte b = buffer[position++];
      if (b == '\n') {
        break;
      }
      if (tooLong) {
        continue;
      }
      if (length == maxLineBytes) {
        tooLong = true;
        continue;
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
      }
      line[length++] = b;
    }
    number++;
    if (tooLong) {
      return new Line(number, null, "the line is longer than " + maxLineBytes + " bytes");
    }
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line, 0, length)).toString();
      return new Line(number, text, null);
    } catch (CharacterCodingException e) {
      return new Line(number, null, "the line is not valid UTF-8");
    }
  }
}
