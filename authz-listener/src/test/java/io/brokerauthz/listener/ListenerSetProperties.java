package io.brokerauthz.listener;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.brokerauthz.api.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SPEC §11: port uniqueness over generated listener sets")
class ListenerSetProperties {

  private static List<ListenerPort> ports(List<Integer> numbers) {
    return numbers.stream().map(ListenerPort::of).toList();
  }

  private static List<Integer> distinct(List<Integer> numbers) {
    List<Integer> out = new ArrayList<>(new LinkedHashSet<>(numbers));
    out.remove(Integer.valueOf(BrokerListener.DEFAULT_LISTENER_PORT));
    return out;
  }

  @Test
  void distinctPortsSplitOverTwoListenersAreValid() {
    qt().forAll(lists().of(integers().between(1, 65535)).ofSizeBetween(1, 40), integers().between(0, 40))
        .check((numbers, cut) -> {
          List<Integer> unique = distinct(numbers);
          if (unique.isEmpty()) {
            return true;
          }
          int split = Math.max(1, Math.min(cut, unique.size()));
          List<BrokerListener> listeners = new ArrayList<>();
          listeners.add(BrokerListener.of("lb", ServiceType.LOAD_BALANCER, ports(unique.subList(0, split))));
          if (split < unique.size()) {
            listeners.add(BrokerListener.of("np", ServiceType.NODE_PORT, ports(unique.subList(split, unique.size()))));
          }
          return ListenerSetValidator.validate(ListenerSet.of(listeners, List.of(), List.of())).isEmpty();
        });
  }

  @Test
  void reusingAnyPortOnAnotherListenerIsExactlyOneErrorAtTheReuse() {
    qt().forAll(lists().of(integers().between(1, 65535)).ofSizeBetween(1, 40), integers().between(0, 39))
        .check((numbers, pick) -> {
          List<Integer> unique = distinct(numbers);
          if (unique.isEmpty()) {
            return true;
          }
          int reused = unique.get(pick % unique.size());
          List<BrokerListener> listeners = List.of(
              BrokerListener.of("lb", ServiceType.LOAD_BALANCER, ports(unique)),
              BrokerListener.of("np", ServiceType.NODE_PORT, List.of(ListenerPort.of(reused))));
          List<Diagnostic> diagnostics = ListenerSetValidator.validate(ListenerSet.of(listeners, List.of(), List.of()));
          return diagnostics.size() == 1 && diagnostics.get(0).isError()
              && diagnostics.get(0).pointer().equals("/listeners/1/spec/ports/0/port");
        });
  }
}
