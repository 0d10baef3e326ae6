package io.brokerauthz.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.brokerauthz.api.Action;
import io.brokerauthz.api.Decision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The per-view table behaves as a map, also while other threads read it. */
class ViewTableProperties {

  private static final Decision ALLOW = Decision.allow(Action.PUBLISH, 0, "#");

  private static CacheEntry entry(ViewTable table, String key) {
    return new CacheEntry(table, key, ViewTable.hash(key), ALLOW, 0);
  }

  @Test
  @DisplayName("any sequence of inserts and removals leaves the table equal to a HashMap")
  void behavesLikeAMap() {
    // An operation is a number: its sign says insert or remove, its value the key (few keys, many collisions).
    qt().withExamples(500)
        .forAll(lists().of(integers().between(-40, 40)).ofSizeBetween(0, 300))
        .checkAssert(operations -> {
          ViewTable table = new ViewTable();
          Map<String, CacheEntry> model = new HashMap<>();
          for (int op : operations) {
            String key = "k" + Math.abs(op);
            if (op >= 0) {
              CacheEntry fresh = entry(table, key);
              CacheEntry prior = table.putIfAbsent(fresh);
              assertSame(model.get(key), prior);
              model.putIfAbsent(key, fresh);
            } else if (model.containsKey(key)) {
              assertEquals(true, table.remove(model.remove(key)));
            } else {
              assertFalse(table.remove(entry(table, key)));
            }
          }
          assertEquals(model.size(), table.size());
          for (int k = 0; k <= 40; k++) {
            String key = "k" + k;
            // A key equal by value but another instance must be found too.
            assertSame(model.get(key), table.get(new String(key), ViewTable.hash(key)));
          }
        });
  }

  @Test
  @DisplayName("readers racing writers only ever see the entry of the key they asked for, or none")
  void concurrentReadersNeverSeeAnotherKeysEntry() throws Exception {
    ViewTable table = new ViewTable();
    AtomicBoolean done = new AtomicBoolean();
    List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Thread reader = new Thread(() -> {
        int i = 0;
        while (!done.get()) {
          String key = "k" + (i++ % 500);
          CacheEntry e = table.get(key, ViewTable.hash(key));
          if (e != null && !e.key.equals(key)) {
            wrong.add(key + " -> " + e.key);
          }
        }
      });
      reader.start();
      readers.add(reader);
    }
    List<CacheEntry> inserted = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      for (int k = 0; k < 500; k++) {
        CacheEntry e = entry(table, "k" + k);
        if (table.putIfAbsent(e) == null) {
          inserted.add(e);
        }
      }
      for (CacheEntry e : inserted) {
        table.remove(e);
      }
      inserted.clear();
    }
    done.set(true);
    for (Thread reader : readers) {
      reader.join(60_000);
      assertFalse(reader.isAlive());
    }
    assertEquals(List.of(), wrong);
    assertEquals(0, table.size());
    assertNull(table.get("k1", ViewTable.hash("k1")));
  }
}
