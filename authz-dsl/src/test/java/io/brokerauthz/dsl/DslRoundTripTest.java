package io.brokerauthz.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.testkit.AuthzGenerators;
import io.brokerauthz.schema.PolicyReader;
import io.brokerauthz.schema.PolicyWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The guarantees of docs/dsl.md as properties over generated policies whose strings are hostile
 * (quotes, backslashes, '#', braces, U+0000, U+2028, bidi controls, unpaired surrogates).
 */
class DslRoundTripTest {

  static DslDocument read(String text) {
    Validated<DslDocument> read = PolicyDsl.readDocument("t.authz", text.getBytes(StandardCharsets.UTF_8));
    assertTrue(read.isValid(), () -> text + "\n" + read.diagnostics().stream().map(Diagnostic::format).toList());
    return read.orElseThrow();
  }

  @Test
  void jsonToDslToJsonGivesBackTheCanonicalJson() {
    qt().withExamples(400).withShrinkCycles(20).forAll(AuthzGenerators.hostilePolicies()).check(p -> {
      String canonical = PolicyWriter.toJson(p);
      Policy fromJson = PolicyReader.read("p.json", canonical.getBytes(StandardCharsets.UTF_8)).orElseThrow();
      String dsl = PolicyDsl.write(fromJson);
      Policy back = read(dsl).policy();
      return back.equals(fromJson) && PolicyWriter.toJson(back).equals(canonical);
    });
  }

  @Test
  void fmtOfCanonicalDslIsAFixedPoint() {
    qt().withExamples(400).withShrinkCycles(20).forAll(AuthzGenerators.hostilePolicies()).check(p -> {
      String dsl = PolicyDsl.write(p);
      return PolicyDsl.write(read(dsl)).equals(dsl);
    });
  }

  static Gen<DslForm> forms() {
    return Generate.enumValues(DslForm.class);
  }

  @Test
  void theFormNameAndNamespaceSurvive() {
    Gen<String> optionalText = AuthzGenerators.hostileStrings().mix(Generate.constant((String) null), 30);
    qt().withExamples(300).forAll(AuthzGenerators.hostilePolicies(), forms(), optionalText, optionalText)
        .check((p, form, name, namespace) -> {
          DslDocument document = DslDocument.of(p, form, name, namespace);
          DslDocument back = read(PolicyDsl.write(document));
          boolean manifest = back.form() == DslForm.MANIFEST;
          // A manifest with neither name nor namespace has no DSL spelling of its own: it reads back as a spec.
          DslForm expected = document.form() == DslForm.MANIFEST && name == null && namespace == null ? DslForm.SPEC
              : document.form();
          return back.form() == expected && back.policy().equals(p)
              && back.name().equals(manifest ? document.name() : java.util.Optional.empty())
              && back.namespace().equals(manifest ? document.namespace() : java.util.Optional.empty());
        });
  }

  @Test
  void aBareRulesArrayStaysOneAndADisabledCacheNeedsTheSpecForm() {
    Policy enabled = new Policy(CacheMode.ENABLED, List.of());
    assertEquals("", PolicyDsl.write(DslDocument.of(enabled, DslForm.RULES, null, null)));
    Policy disabled = new Policy(CacheMode.DISABLED, List.of());
    assertEquals("cache disabled\n", PolicyDsl.write(DslDocument.of(disabled, DslForm.RULES, null, null)));
    assertEquals(DslForm.RULES, read("").form());
    assertEquals(DslForm.SPEC, read("cache enabled\n").form());
  }

  /** Cedar's formatter fuzz target, as a property: a unique comment before and after every token survives fmt. */
  @Test
  void everyCommentBeforeAndAfterEveryTokenSurvivesFmt() {
    qt().withExamples(200).forAll(AuthzGenerators.hostilePolicies(), forms()).check((p, form) -> {
      String canonical = PolicyDsl.write(DslDocument.of(p, form, form == DslForm.MANIFEST ? "n" : null, null));
      List<String> tokens = tokens(canonical);
      StringBuilder commented = new StringBuilder();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < tokens.size(); i++) {
        commented.append("# before ").append(i).append('\n').append(tokens.get(i)).append("  # after ").append(i).append('\n');
        expected.add("# before " + i);
        expected.add("# after " + i);
      }
      commented.append("# at the end\n");
      expected.add("# at the end");
      DslDocument document = read(commented.toString());
      String formatted = PolicyDsl.write(document);
      DslDocument again = read(formatted);
      List<String> found = new ArrayList<>(again.comments());
      List<String> want = new ArrayList<>(expected);
      found.sort(null);
      want.sort(null);
      return document.policy().equals(p) && again.policy().equals(p) && found.equals(want)
          && PolicyDsl.write(again).equals(formatted);
    });
  }

  // The tokens of canonical DSL text: quoted strings, punctuation, words.
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int j = i + 1;
        while (text.charAt(j) != '"') {
          j += text.charAt(j) == '\\' ? 2 : 1;
        }
        out.add(text.substring(i, j + 1));
        i = j + 1;
      } else if ("{},:".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && "{},:\"".indexOf(text.charAt(j)) < 0) {
          j++;
        }
        out.add(text.substring(i, j));
        i = j;
      }
    }
    return out;
  }

  /** An invalid value (one of the traps the validator knows) replaces one topic, key or client ID. */
  static Policy broken(Policy p, int which, String bad) {
    List<io.brokerauthz.api.Rule> rules = new ArrayList<>(p.rules());
    if (rules.isEmpty()) {
      return p;
    }
    int i = Math.floorMod(which, rules.size());
    io.brokerauthz.api.Rule r = rules.get(i);
    List<io.brokerauthz.api.BrokerResource> broker = new ArrayList<>(r.brokerResources());
    broker.add(Math.floorMod(which, broker.size() + 1), new io.brokerauthz.api.BrokerResource(
        io.brokerauthz.api.BrokerMethod.PUBLISH, List.of(), List.of("ok", bad)));
    rules.set(i, new io.brokerauthz.api.Rule(r.principals(), broker, r.stateStoreResources()));
    return new Policy(p.cache(), rules);
  }

  @Test
  void theDslReportsTheValidatorsDiagnosticsWithTheSamePointers() {
    Gen<String> traps = Generate.pick(List.of("a/#/b", "x+/y", "{principal.nope}", "a/{principal.clientId", "", "a\u0000b",
        "$share/g/x"));
    qt().withExamples(200).forAll(AuthzGenerators.hostilePolicies(), Generate.range(0, 1000), traps).check((p, which, bad) -> {
      Policy policy = broken(p, which, bad);
      List<String> expected = io.brokerauthz.api.PolicyValidator.validate(policy).stream()
          .map(d -> d.severity() + " " + d.pointer() + ": " + d.message()).toList();
      List<Diagnostic> got = PolicyDsl.readDocument("t.authz", PolicyDsl.write(policy).getBytes(StandardCharsets.UTF_8))
          .diagnostics();
      boolean located = got.stream().allMatch(d -> d.line() > 0 && d.column() > 0 && d.source().equals("t.authz"));
      List<String> actual = new ArrayList<>(got.stream().map(d -> d.severity() + " " + d.pointer() + ": " + d.message()).toList());
      List<String> want = new ArrayList<>(expected);
      actual.sort(null);
      want.sort(null);
      return located && actual.equals(want);
    });
  }

  @Test
  void hostileTextIsEscapedSoNoStringHidesOrReordersText() {
    String quoted = Printer.quote("a\"b\\c#{}\u0000\u2028\u202E\uD800\uFEFF😀\n");
    assertEquals("\"a\\\"b\\\\c#{}\\u0000\\u2028\\u202E\\uD800\\uFEFF😀\\n\"", quoted);
    assertEquals("a\"b\\c#{}\u0000\u2028\u202E\uD800\uFEFF😀\n",
        read("allow attributes { a: " + quoted + " } { connect }\n").policy().rules().get(0).principals().attributes().get(0)
            .get("a"));
  }
}
