package io.brokerauthz.bench.peer;

import java.util.regex.Pattern;

/**
 * An MQTT topic filter (tokens already substituted) as an anchored Java regex, for the peers that
 * only know regexes (SPEC §4): {@code +} is one level, {@code #} the parent level and anything
 * below, a leading wildcard does not match a {@code $} topic, everything else literal.
 * (jcasbin's keyMatch2 cannot say this: its {@code *} does not match the parent level nor
 * empty levels the MQTT way.)
 *
 * <p>Experimental.
 */
public final class MqttRegex {

  private MqttRegex() {}

  public static String of(String filter) {
    String[] levels = filter.split("/", -1);
    StringBuilder regex = new StringBuilder("^");
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      boolean first = i == 0;
      if (level.equals("#")) {
        String noDollar = first ? "(?!\\$)" : "";
        if (first) {
          regex.append(noDollar).append(".*");
        } else {
          // "a/#" matches "a", "a/" and anything below: the separator is optional with the rest.
          regex.setLength(regex.length() - 1); // drop the '/' appended after the previous level
          regex.append("(/.*)?");
        }
        break;
      }
      if (level.equals("+")) {
        regex.append(first ? "(?!\\$)[^/]*" : "[^/]*");
      } else {
        regex.append(Pattern.quote(level));
      }
      if (i < levels.length - 1) {
        regex.append('/');
      }
    }
    return regex.append('$').toString();
  }
}
