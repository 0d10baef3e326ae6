package io.brokerauthz.schema.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** CompactMap behaves as an insertion-ordered map (LinkedHashMap is the reference model). */
class CompactMapTest {

  @Test
  void behavesLikeALinkedHashMapUnderRandomOperations() {
    qt().withExamples(500)
        .forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 29)).ofSizeBetween(0, 60))
        .check(ops -> {
          Map<String, Integer> reference = new LinkedHashMap<>();
          CompactMap<Integer> map = new CompactMap<>();
          for (int i = 0; i < ops.size(); i++) {
            int op = ops.get(i);
            String key = "k" + (op % 7);
            if (op < 20) {
              if (!java.util.Objects.equals(reference.put(key, i), map.put(key, i))) {
                return false;
              }
            } else if (op < 25) {
              if (!java.util.Objects.equals(reference.remove(key), map.remove(key))) {
                return false;
              }
            } else {
              Iterator<Map.Entry<String, Integer>> it = map.entrySet().iterator();
              if (it.hasNext()) {
                reference.remove(it.next().getKey());
                it.remove();
              }
            }
          }
          return new ArrayList<>(reference.entrySet()).equals(new ArrayList<>(map.entrySet())) && reference.equals(map);
        });
  }

  @Test
  void setValueThroughAnEntryWritesThrough() {
    CompactMap<Integer> map = new CompactMap<>();
    map.put("a", 1);
    map.entrySet().iterator().next().setValue(2);
    assertEquals(List.of(2), List.copyOf(map.values()));
  }
}
