package io.brokerauthz.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerauthz.api.Policy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** DslDocument.position: every rules-array pointer of a valid policy maps to where it was written. */
@DisplayName("DSL source positions of pointers")
class DslPositionTest {

  // Columns count code points: the "é" before the topic on line 9 is one column.
  static final String TEXT = String.join("\n",
      "name \"p\"",                                                     // 1
      "cache enabled",                                                  // 2
      "",                                                               // 3
      "allow clientIds \"a\", \"b\"",                                   // 4
      "   or attributes { city: \"x\", \"org/x\": \"y\" } {",           // 5
      "  connect where clientId like \"c*\"",                           // 6
      "  publish \"t/1\",",                                             // 7
      "          \"t/2\"",                                              // 8
      "  subscribe \"é\", \"s/*\" # trailing",                          // 9
      "}",                                                              // 10
      "allow usernames \"u\" {",                                        // 11
      "  read keys \"k1\", \"k2\"",                                     // 12
      "}",                                                              // 13
      "");

  static DslDocument document() {
    return PolicyDsl.readDocument("p.authz", TEXT.getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }

  static void assertAt(int line, int column, String pointer) {
    assertEquals(new DslDocument.Position(line, column), document().position(pointer), pointer);
  }

  @Test
  void valuesAreLocatedAtTheirOwnToken() {
    assertAt(4, 17, "/0/principals/clientIds/0");
    assertAt(4, 22, "/0/principals/clientIds/1");
    assertAt(5, 20, "/0/principals/attributes/0/city");
    assertAt(5, 31, "/0/principals/attributes/0/org~1x");
    assertAt(6, 31, "/0/brokerResources/0/clientIds/0");
    assertAt(7, 11, "/0/brokerResources/1/topics/0");
    assertAt(8, 11, "/0/brokerResources/1/topics/1");
    assertAt(9, 13, "/0/brokerResources/2/topics/0");
    assertAt(9, 18, "/0/brokerResources/2/topics/1");
    assertAt(11, 17, "/1/principals/usernames/0");
    assertAt(12, 19, "/1/stateStoreResources/0/keys/1");
  }

  @Test
  void containersAreLocatedAtTheirKeywordAndUnknownPartsAtTheNearestEnclosingOne() {
    assertAt(4, 1, "/0");
    assertAt(11, 1, "/1");
    assertAt(7, 3, "/0/brokerResources/1");
    assertAt(7, 3, "/0/brokerResources/1/method");
    assertAt(12, 3, "/1/stateStoreResources/0");
    assertAt(2, 1, "/authorizationPolicies/cache");
    assertAt(4, 1, "/0/brokerResources/9/topics/0");
  }

  @Test
  void aDocumentNotReadFromDslHasNoPositions() {
    Policy policy = document().policy();
    assertEquals(DslDocument.Position.UNKNOWN,
        DslDocument.of(policy, DslForm.SPEC, null, null).position("/0/brokerResources/1/topics/0"));
  }
}
