package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreOperation;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("authz decide: reading a request line")
class RequestLineTest {

  static RequestLine parse(String json) throws Exception {
    return RequestLine.parse(DecideCommand.readTree(json));
  }

  @Test
  void readsTheIdentityAndEachAction() throws Exception {
    RequestLine r = parse("{\"clientId\":\"c\",\"username\":\"u\",\"attributes\":{\"a\":\"1\"},\"action\":\"publish\",\"topic\":\"t\"}");
    assertEquals("c", r.principal().clientId());
    assertEquals(Optional.of("u"), r.principal().username());
    assertEquals(Map.of("a", "1"), r.principal().attributes());
    assertEquals(Request.publish("t"), r.request());
    assertEquals(Request.subscribe("a/#"), parse("{\"clientId\":\"c\",\"action\":\"subscribe\",\"topic\":\"a/#\"}").request());
    assertEquals(Request.connect(), parse("{\"clientId\":\"c\",\"action\":\"connect\",\"expect\":\"allow\"}").request());
  }

  @Test
  void readsActionNamesCaseInsensitivelyLikePolicyEnums() throws Exception {
    assertEquals(Request.publish("t"), parse("{\"clientId\":\"c\",\"action\":\"Publish\",\"topic\":\"t\"}").request());
    assertEquals(Request.connect(), parse("{\"clientId\":\"c\",\"action\":\"CONNECT\"}").request());
    Request.StateStore key = (Request.StateStore) parse("{\"clientId\":\"c\",\"action\":\"KeyNotify\",\"key\":\"k\"}").request();
    assertEquals(StateStoreOperation.KEYNOTIFY, key.operation());
  }

  @Test
  void readsTextKeysAsUtf8AndBinaryKeysAsBase64() throws Exception {
    Request.StateStore text = (Request.StateStore) parse("{\"clientId\":\"c\",\"action\":\"vdel\",\"key\":\"k\u00e9\"}").request();
    assertEquals(StateStoreOperation.VDEL, text.operation());
    assertArrayEquals("k\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8), text.key());
    Request.StateStore bin = (Request.StateStore) parse("{\"clientId\":\"c\",\"action\":\"get\",\"keyBase64\":\"/w==\"}").request();
    assertArrayEquals(new byte[] {(byte) 0xFF}, bin.key());
  }

  @Test
  void keepsAnUnpairedSurrogateInATextKeyAsNonUtf8BytesNotAQuestionMark() throws Exception {
    Request.StateStore key = (Request.StateStore) parse("{\"clientId\":\"c\",\"action\":\"get\",\"key\":\"a\\ud800\"}").request();
    assertArrayEquals(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, key.key());
  }

  @Test
  void namesWhatIsWrongWithABadLine() {
    assertMessage("{\"action\":\"connect\"}", "missing \"clientId\"");
    assertMessage("{\"clientId\":1,\"action\":\"connect\"}", "\"clientId\" must be a string");
    assertMessage("{\"clientId\":\"c\",\"action\":\"jump\"}", "unknown action \"jump\"");
    assertMessage("{\"clientId\":\"c\",\"action\":\"publish\"}", "missing \"topic\"");
    assertMessage("{\"clientId\":\"c\",\"action\":\"get\"}", "exactly one of \"key\" and \"keyBase64\"");
    assertMessage("{\"clientId\":\"c\",\"action\":\"get\",\"keyBase64\":\"%%\"}", "not valid base64");
    assertMessage("[1]", "a request is a JSON object");
    assertMessage("{\"clientId\":\"c\",\"action\":\"connect\",\"attributes\":{\"a\":1}}", "attribute \"a\" must be a string");
  }

  private static void assertMessage(String json, String expected) {
    RequestLine.BadRequest e = assertThrows(RequestLine.BadRequest.class, () -> parse(json));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
