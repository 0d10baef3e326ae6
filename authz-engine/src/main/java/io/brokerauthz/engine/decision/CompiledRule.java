package io.brokerauthz.engine.decision;

import io.brokerauthz.api.Action;
import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import io.brokerauthz.engine.glob.Glob;
import io.brokerauthz.engine.key.Utf8;
import io.brokerauthz.engine.token.Substitution;
import io.brokerauthz.engine.topic.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * One rule, parsed once: its broker resources by method and its state-store keys, each entry
 * with a preallocated {@link Grant}. What does not depend on the client (filters and globs
 * without tokens) is compiled here once and shared by every client; entries with tokens keep
 * their template and are resolved per client.
 */
final class CompiledRule {

  final int index;
  final Rule rule;
  final List<BrokerEntry> connect = new ArrayList<>();
  final List<BrokerEntry> publish = new ArrayList<>();
  final List<BrokerEntry> subscribe = new ArrayList<>();
  final List<KeyEntry> keys = new ArrayList<>();

  /**
   * What all rules of one compilation share: the counter that gives grants their document
   * order, and the parsed and compiled form of each distinct entry text. Generated policies
   * repeat the same templates thousands of times ({@code site/{principal.attributes.site}/+/#}
   * in every device rule), so each text is parsed and compiled once.
   */
  static final class Order {
    int next;
    final Map<String, TopicTemplate> templates = new HashMap<>();
    final Map<String, TopicFilter> filters = new HashMap<>();
    final Map<String, GlobPattern> clientIdPatterns = new HashMap<>();
    final Map<String, GlobPattern> keyPatterns = new HashMap<>();
    final Map<GlobPattern, Glob> globs = new HashMap<>();

    /** The parsed template of a filter with tokens; null for a filter without (braces are only tokens there). */
    TopicTemplate template(String text) {
      return text.indexOf('{') < 0 ? null : templates.computeIfAbsent(text, t -> TopicTemplate.parse(t, "").orElseThrow());
    }

    /** The compiled filter of a filter without tokens (valid: the validator has seen it); null with tokens. */
    TopicFilter fixedFilter(String text, TopicTemplate template) {
      return template != null ? null : filters.computeIfAbsent(text, TopicFilter::parse);
    }

    GlobPattern clientIdPattern(String text) {
      return clientIdPatterns.computeIfAbsent(text, t -> GlobPattern.parseClientIdPattern(t, "").orElseThrow());
    }

    GlobPattern keyPattern(String text) {
      return keyPatterns.computeIfAbsent(text, t -> GlobPattern.parseKeyPattern(t, "").orElseThrow());
    }

    Glob fixedGlob(GlobPattern pattern) {
      return pattern.hasTokens() ? null : globs.computeIfAbsent(pattern, p -> Glob.compile(p.elements()));
    }
  }

  CompiledRule(int index, Rule rule, Order order) {
    this.index = index;
    this.rule = rule;
    for (int j = 0; j < rule.brokerResources().size(); j++) {
      BrokerResource resource = rule.brokerResources().get(j);
      BrokerEntry entry = new BrokerEntry(index, j, resource, order);
      switch (resource.method()) {
        case CONNECT -> connect.add(entry);
        case PUBLISH -> publish.add(entry);
        case SUBSCRIBE -> subscribe.add(entry);
      }
    }
    for (int j = 0; j < rule.stateStoreResources().size(); j++) {
      StateStoreResource resource = rule.stateStoreResources().get(j);
      for (int k = 0; k < resource.keys().size(); k++) {
        keys.add(new KeyEntry(index, j, k, resource, order));
      }
    }
  }

  List<BrokerEntry> entries(BrokerMethod method) {
    return switch (method) {
      case CONNECT -> connect;
      case PUBLISH -> publish;
      case SUBSCRIBE -> subscribe;
    };
  }

  /** A client-ID pattern of a broker resource (SPEC §6). */
  static final class ClientIdPattern {
    final String text;
    final GlobPattern pattern;
    final Glob fixed; // null when the pattern has tokens
    final Grant connectGrant;

    ClientIdPattern(String text, Grant connectGrant, Order shared) {
      this.text = text;
      this.pattern = shared.clientIdPattern(text);
      this.fixed = shared.fixedGlob(pattern);
      this.connectGrant = connectGrant;
    }

    Glob forClient(Principal principal) {
      if (fixed != null) {
        return fixed;
      }
      List<GlobPattern.Element> elements = Substitution.substitute(pattern, principal);
      return elements == null ? Glob.NOTHING : Glob.compile(elements);
    }
  }

  /** A broker resource: its client-ID restriction and, for Publish/Subscribe, its filters. */
  static final class BrokerEntry {
    final int resourceIndex;
    final BrokerMethod method;
    final List<ClientIdPattern> clientIds = new ArrayList<>();
    final List<TopicEntry> topics = new ArrayList<>();
    final Grant anyClientGrant; // Connect with no client-ID restriction

    BrokerEntry(int rule, int resourceIndex, BrokerResource resource, Order order) {
      this.resourceIndex = resourceIndex;
      this.method = resource.method();
      boolean isConnect = method == BrokerMethod.CONNECT;
      for (String id : resource.clientIds()) {
        clientIds.add(new ClientIdPattern(id, isConnect ? new Grant(order.next++, Decision.allow(Action.CONNECT, rule, id)) : null, order));
      }
      anyClientGrant = isConnect && clientIds.isEmpty() ? new Grant(order.next++, Decision.allow(Action.CONNECT, rule, "")) : null;
      Action action = method == BrokerMethod.PUBLISH ? Action.PUBLISH : Action.SUBSCRIBE;
      if (!isConnect) {
        for (int k = 0; k < resource.topics().size(); k++) {
          String text = resource.topics().get(k);
          topics.add(new TopicEntry(k, text, new Grant(order.next++, Decision.allow(action, rule, text)), order));
        }
      }
    }

    /** The first client-ID pattern admitting the client, or null; with no patterns, any client is admitted. */
    ClientIdPattern admitting(Principal principal) {
      for (ClientIdPattern p : clientIds) {
        if (p.forClient(principal).matches(principal.clientId())) {
          return p;
        }
      }
      return null;
    }

    boolean admits(Principal principal) {
      return clientIds.isEmpty() || admitting(principal) != null;
    }
  }

  /** A topic filter of a Publish or Subscribe resource (SPEC §4, §5). */
  static final class TopicEntry {
    final int topicIndex;
    final String text;
    final TopicTemplate template; // null when the filter has no tokens
    final TopicFilter fixed; // null when the filter has tokens
    final Grant grant;

    TopicEntry(int topicIndex, String text, Grant grant, Order shared) {
      this.topicIndex = topicIndex;
      this.text = text;
      this.template = shared.template(text);
      this.fixed = shared.fixedFilter(text, template);
      this.grant = grant;
    }

    /** The filter for this client, or null if a token of it has no usable value. */
    TopicFilter forClient(Principal principal) {
      return fixed != null ? fixed : Substitution.resolve(template, principal);
    }
  }

  /** A state-store key entry (SPEC §7). */
  static final class KeyEntry {
    final int resourceIndex;
    final int keyIndex;
    final StateStoreMethod method;
    final KeyType type;
    final String text;
    final GlobPattern pattern; // Pattern keys
    final Glob fixed; // Pattern keys without tokens
    final byte[] bytes; // String and Binary keys; null for a String key that is not well-formed text
    final Grant grant;

    KeyEntry(int rule, int resourceIndex, int keyIndex, StateStoreResource resource, Order order) {
      this.resourceIndex = resourceIndex;
      this.keyIndex = keyIndex;
      this.method = resource.method();
      this.type = resource.keyType();
      this.text = resource.keys().get(keyIndex);
      this.grant = new Grant(order.next++, Decision.allow(Action.STATE_STORE, rule, text));
      switch (type) {
        case PATTERN -> {
          pattern = order.keyPattern(text);
          fixed = order.fixedGlob(pattern);
          bytes = null;
        }
        case STRING -> {
          pattern = null;
          fixed = null;
          bytes = Utf8.isWellFormed(text) ? text.getBytes(StandardCharsets.UTF_8) : null;
        }
        default -> {
          pattern = null;
          fixed = null;
          bytes = PolicyValidator.decodeBase64(text);
        }
      }
    }

    boolean grants(StateStoreOperation operation) {
      return method.grants(operation);
    }

    /** The compiled pattern for this client (Pattern keys only). */
    Glob globFor(Principal principal) {
      if (fixed != null) {
        return fixed;
      }
      List<GlobPattern.Element> elements = Substitution.substitute(pattern, principal);
      return elements == null ? Glob.NOTHING : Glob.compile(elements);
    }

    /** Whether the request's key matches, for this client; {@code utf8} says whether the key is valid UTF-8. */
    boolean matches(io.brokerauthz.api.Request.StateStore key, boolean utf8, Principal principal) {
      if (type == KeyType.PATTERN) {
        return utf8 && globFor(principal).matchesUtf8(key);
      }
      if (bytes == null || bytes.length != key.keyLength()) {
        return false;
      }
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] != key.keyByte(i)) {
          return false;
        }
      }
      return true;
    }
  }
}
