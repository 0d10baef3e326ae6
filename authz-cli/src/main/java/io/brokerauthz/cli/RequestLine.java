package io.brokerauthz.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.schema.internal.DidYouMean;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request of {@code authz decide} / {@code authz explain} as JSON (issue 12):
 * {@code {"clientId":..,"username":..,"attributes":{..},"action":"connect|publish|subscribe|get|set|del|vdel|keynotify",
 * "topic":..,"key":..|"keyBase64":..}}; for subscribe the filter is in {@code topic}. Other fields
 * are ignored (test suites carry {@code expect} or {@code note}).
 */
record RequestLine(Principal principal, Request request) {

  /** A request line that cannot be read; the message says which field and why. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  /** The action names a request line may use. */
  static final List<String> ACTIONS = List.of("connect", "publish", "subscribe", "get", "set", "del", "vdel", "keynotify");

  static RequestLine parse(JsonNode node) throws BadRequest {
    if (node == null || !node.isObject()) {
      throw new BadRequest("a request is a JSON object");
    }
    String clientId = requiredString(node, "clientId");
    Optional<String> username = Optional.empty();
    JsonNode u = node.get("username");
    if (u != null && !u.isNull()) {
      if (!u.isTextual()) {
        throw new BadRequest("\"username\" must be a string or null");
      }
      username = Optional.of(u.asText());
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonNode a = node.get("attributes");
    if (a != null && !a.isNull()) {
      if (!a.isObject()) {
        throw new BadRequest("\"attributes\" must be an object of strings");
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        if (!e.getValue().isTextual()) {
          throw new BadRequest("attribute \"" + e.getKey() + "\" must be a string");
        }
        attributes.put(e.getKey(), e.getValue().asText());
      }
    }
    Principal principal = new Principal(clientId, username, attributes);
    // Case-insensitive, like the policy's enum values (SPEC §1): "Publish" reads as "publish".
    String action = requiredString(node, "action").toLowerCase(java.util.Locale.ROOT);
    Request request;
    switch (action) {
      case "connect" -> request = Request.connect();
      case "publish" -> request = Request.publish(requiredString(node, "topic"));
      case "subscribe" -> request = Request.subscribe(requiredString(node, "topic"));
      default -> {
        StateStoreOperation op = StateStoreOperation.fromWireName(action)
            .orElseThrow(() -> new BadRequest("unknown action \"" + action
                + "\": expected connect, publish, subscribe, get, set, del, vdel or keynotify"
                + DidYouMean.suggest(action, ACTIONS).map(s -> " (did you mean \"" + s + "\"?)").orElse("")));
        request = key(node, op);
      }
    }
    return new RequestLine(principal, request);
  }

  private static Request key(JsonNode node, StateStoreOperation op) throws BadRequest {
    boolean text = node.hasNonNull("key");
    boolean binary = node.hasNonNull("keyBase64");
    if (text == binary) {
      throw new BadRequest("a state-store request needs exactly one of \"key\" and \"keyBase64\"");
    }
    if (text) {
      // Not getBytes: that turns an unpaired surrogate ("\ud800") into '?', which a '?' key matches.
      return Request.stateStore(op, requiredString(node, "key"));
    }
    String b64 = requiredString(node, "keyBase64");
    try {
      return Request.stateStore(op, Base64.getDecoder().decode(b64));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("\"keyBase64\" is not valid base64");
    }
  }

  private static String requiredString(JsonNode node, String field) throws BadRequest {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new BadRequest("missing \"" + field + "\"");
    }
    if (!v.isTextual()) {
      throw new BadRequest("\"" + field + "\" must be a string");
    }
    return v.asText();
  }
}
