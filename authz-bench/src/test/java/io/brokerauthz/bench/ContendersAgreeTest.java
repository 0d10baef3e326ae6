package io.brokerauthz.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.bench.peer.JcasbinPeer;
import io.brokerauthz.bench.peer.MqttRegex;
import io.brokerauthz.bench.peer.RegexScan;
import io.brokerauthz.engine.cache.CacheSettings;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import io.brokerauthz.schema.PolicyReader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: every contender of the benchmarks gives the 1,024 answers the workload was built to
 * have, before anyone times it. Cheap: it runs in the normal build.
 */
class ContendersAgreeTest {

  @Nested
  @DisplayName("the workload")
  class TheWorkload {

    @ParameterizedTest
    @ValueSource(ints = {10, 1000, 10000})
    void hasTheRuleCountAskedForAndAboutEightyPercentAllowed(int rules) {
      Workload workload = Workload.generate(rules, 42);
      assertTrue(workload.policy().rules().size() == rules, workload::toString);
      int allowed = workload.expectedAllowed();
      assertTrue(allowed > 0.75 * Workload.REQUESTS && allowed < 0.85 * Workload.REQUESTS, "allowed: " + allowed);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1000})
    void readsBackFromItsJsonAsTheSamePolicy(int rules) {
      Workload workload = Workload.generate(rules, 42);
      var read = PolicyReader.read("bench.json", PolicyJson.write(workload.policy()));
      assertTrue(read.isValid(), read.diagnostics()::toString);
      assertTrue(read.orElseThrow().equals(workload.policy()), "the parse benchmark would parse another policy");
    }

    @Test
    void isTheSameForTheSameSeed() {
      Workload a = Workload.generate(1000, 7);
      Workload b = Workload.generate(1000, 7);
      for (int i = 0; i < Workload.REQUESTS; i++) {
        assertTrue(a.request(i).equals(b.request(i)) && a.principal(i).equals(b.principal(i)));
      }
      assertTrue(a.policy().equals(b.policy()));
    }
  }

  @Nested
  @DisplayName("every contender gives the expected 1,024 decisions")
  class Agreement {

    @ParameterizedTest
    @ValueSource(ints = {10, 1000, 10000})
    void theEngineCachedUncachedAndWithoutAView(int rules) {
      Workload workload = Workload.generate(rules, 42);
      Authorizer engine = Contenders.uncachedEngine(workload.policy());
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withMaximumSize(100));
      Contenders.requireCorrect("uncachedNoView", workload, i -> engine.decide(workload.principal(i), workload.request(i)).allowed());
      Contenders.requireCorrect("uncached", workload,
          i -> engine.forClient(workload.principal(i)).decide(workload.request(i)).allowed());
      for (int round = 0; round < 2; round++) {
        Contenders.requireCorrect("cached", workload, i -> {
          ClientAuthorizer view = cached.forClient(workload.principal(i));
          return view.decide(workload.request(i)).allowed();
        });
      }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1000, 10000})
    void theRegexScan(int rules) {
      Workload workload = Workload.generate(rules, 42);
      RegexScan scan = new RegexScan(workload.publishGrants());
      Contenders.requireCorrect("regexScan", workload, i -> scan.allowed(workload.principal(i).clientId(), workload.request(i).topic()));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1000})
    void jcasbin(int rules) {
      Workload workload = Workload.generate(rules, 42);
      JcasbinPeer casbin = new JcasbinPeer(workload.publishGrants());
      Contenders.requireCorrect("jcasbin", workload, i -> casbin.allowed(workload.principal(i).clientId(), workload.request(i).topic()));
    }

    @Test
    void aWrongContenderIsRefused() {
      Workload workload = Workload.generate(10, 42);
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> Contenders.requireCorrect("allowAll", workload, i -> true));
      assertTrue(e.getMessage().contains("expected deny"), e.getMessage());
    }
  }

  @Nested
  @DisplayName("§4 topic filters as regexes, for the peers")
  class FiltersAsRegexes {

    private boolean matches(String filter, String topic) {
      return Pattern.compile(MqttRegex.of(filter)).matcher(topic).matches();
    }

    @Test
    void multiLevelWildcardMatchesTheParentAndBelow() {
      assertTrue(matches("a/#", "a"));
      assertTrue(matches("a/#", "a/"));
      assertTrue(matches("a/#", "a/b/c"));
      assertFalse(matches("a/#", "ab"));
      assertTrue(matches("#", "x/y"));
    }

    @Test
    void singleLevelWildcardMatchesOneLevelIncludingAnEmptyOne() {
      assertTrue(matches("a/+/c", "a/b/c"));
      assertTrue(matches("a/+/c", "a//c"));
      assertFalse(matches("a/+", "a/b/c"));
    }

    @Test
    void leadingWildcardsDoNotMatchDollarTopics() {
      assertFalse(matches("#", "$SYS/x"));
      assertFalse(matches("+/x", "$SYS/x"));
      assertTrue(matches("$SYS/#", "$SYS/x"));
    }

    @Test
    void everythingElseIsLiteral() {
      assertFalse(matches("a.b", "axb"));
      assertFalse(matches("a*", "ab"));
      assertTrue(matches("a*", "a*"));
    }
  }
}
