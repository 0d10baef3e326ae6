package io.brokerauthz.hivemq.broker;

import java.util.List;

/** Why the broker cannot start, as the lines to print (no stack trace reaches the user). Experimental. */
public final class BrokerException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> lines;

  BrokerException(List<String> lines) {
    super(String.join("\n", lines));
    this.lines = List.copyOf(lines);
  }

  BrokerException(String line) {
    this(List.of(line));
  }

  public List<String> lines() {
    return lines;
  }
}
