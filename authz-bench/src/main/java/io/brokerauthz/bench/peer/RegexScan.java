package io.brokerauthz.bench.peer;

import io.brokerauthz.bench.Workload;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The naive baseline: every grant a {@link Pattern}, all scanned in rule order until one matches
 * ({@code regexScan} in docs/benchmarks.md).
 *
 * <p>Experimental.
 */
public final class RegexScan {
  private final String[] subjects;
  private final Pattern[] patterns;

  public RegexScan(List<Workload.Grant> grants) {
    subjects = new String[grants.size()];
    patterns = new Pattern[grants.size()];
    for (int i = 0; i < subjects.length; i++) {
      subjects[i] = grants.get(i).clientId();
      patterns[i] = Pattern.compile(MqttRegex.of(grants.get(i).filter()));
    }
  }

  public boolean allowed(String clientId, String topic) {
    for (int i = 0; i < subjects.length; i++) {
      if (subjects[i].equals(clientId) && patterns[i].matcher(topic).matches()) {
        return true;
      }
    }
    return false;
  }
}
