package io.brokerauthz.analysis.internal;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.engine.glob.Glob;
import io.brokerauthz.engine.key.Utf8;
import io.brokerauthz.engine.topic.TopicFilter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What some rules of a policy grant one concrete principal, tokens substituted (SPEC §2, §5):
 * the Connect grant, the resolved Publish and Subscribe filters and the key languages. A
 * resource whose {@code clientIds} patterns do not admit the client contributes nothing (SPEC
 * §3, §6); an entry whose token has no usable value contributes nothing (SPEC §5).
 */
public final class ClientGrants {

  /** A resolved filter with the grant it comes from. */
  public record TopicGrant(GrantRef ref, TopicFilter filter, String[] levels) {}

  /**
   * A key entry for this client: {@code elements} (tokens substituted; a String key is one
   * literal) for keys that are text, or {@code bytes} for a Binary key that is not UTF-8.
   */
  public record KeyGrant(GrantRef ref, StateStoreMethod method, List<GlobPattern.Element> elements, byte[] bytes) {}

  public final List<GrantRef> connect = new ArrayList<>();
  public final List<TopicGrant> publish = new ArrayList<>();
  public final List<TopicGrant> subscribe = new ArrayList<>();
  public final List<KeyGrant> keys = new ArrayList<>();

  private ClientGrants() {}

  /** The grants of {@code rules} (indexes into {@code policy}), skipping rule {@code excluded} (or -1). */
  public static ClientGrants of(Policy policy, int[] rules, int excluded, Principal principal) {
    ClientGrants out = new ClientGrants();
    for (int r : rules) {
      if (r != excluded) {
        out.add(r, policy.rules().get(r), principal);
      }
    }
    return out;
  }

  /** The grants of one rule, whether or not its principals match (the caller checked). */
  public static ClientGrants ofRule(int index, Rule rule, Principal principal) {
    ClientGrants out = new ClientGrants();
    out.add(index, rule, principal);
    return out;
  }

  private void add(int r, Rule rule, Principal principal) {
    for (int j = 0; j < rule.brokerResources().size(); j++) {
      BrokerResource resource = rule.brokerResources().get(j);
      String at = "/" + r + "/brokerResources/" + j;
      int admitting = admitting(resource, principal);
      if (admitting == NOT_ADMITTED) {
        continue;
      }
      if (resource.method() == BrokerMethod.CONNECT) {
        connect.add(admitting == ANY ? new GrantRef(r, at, "connect")
            : new GrantRef(r, at + "/clientIds/" + admitting, resource.clientIds().get(admitting)));
        continue;
      }
      List<TopicGrant> into = resource.method() == BrokerMethod.PUBLISH ? publish : subscribe;
      for (int k = 0; k < resource.topics().size(); k++) {
        String text = resource.topics().get(k);
        TopicFilter filter = Semantics.resolve(text, principal);
        if (filter != null) {
          into.add(new TopicGrant(new GrantRef(r, at + "/topics/" + k, text), filter, Semantics.levels(filter)));
        }
      }
    }
    for (int j = 0; j < rule.stateStoreResources().size(); j++) {
      StateStoreResource resource = rule.stateStoreResources().get(j);
      for (int k = 0; k < resource.keys().size(); k++) {
        String text = resource.keys().get(k);
        GrantRef ref = new GrantRef(r, "/" + r + "/stateStoreResources/" + j + "/keys/" + k, text);
        KeyGrant grant = keyGrant(ref, resource.method(), resource.keyType(), text, principal);
        if (grant != null) {
          keys.add(grant);
        }
      }
    }
  }

  private static final int ANY = -1;
  private static final int NOT_ADMITTED = -2;

  // Which client-ID pattern admits the client (SPEC §6): ANY without patterns.
  private static int admitting(BrokerResource resource, Principal principal) {
    if (resource.clientIds().isEmpty()) {
      return ANY;
    }
    for (int i = 0; i < resource.clientIds().size(); i++) {
      Glob glob = Semantics.glob(Semantics.clientIdPattern(resource.clientIds().get(i)), principal);
      if (glob.matches(principal.clientId())) {
        return i;
      }
    }
    return NOT_ADMITTED;
  }

  private static KeyGrant keyGrant(GrantRef ref, StateStoreMethod method, KeyType type, String text, Principal principal) {
    switch (type) {
      case PATTERN: {
        List<GlobPattern.Element> elements = Semantics.substitute(Semantics.keyPattern(text), principal);
        return elements == null ? null : new KeyGrant(ref, method, elements, null);
      }
      case STRING:
        // A String key that is not well-formed text has no UTF-8 form and matches nothing (SPEC §7).
        return Utf8.isWellFormed(text) ? new KeyGrant(ref, method, List.of(new GlobPattern.Literal(text)), null) : null;
      default: {
        byte[] bytes = PolicyValidator.decodeBase64(text);
        if (bytes == null) {
          return null;
        }
        String decoded = decodeUtf8(bytes);
        // A Binary key whose bytes are UTF-8 is the same key as that text; otherwise only Binary
        // entries can match it (SPEC §7).
        return decoded != null ? new KeyGrant(ref, method, decoded.isEmpty() ? List.of() : List.of(new GlobPattern.Literal(decoded)), null)
            : new KeyGrant(ref, method, null, bytes);
      }
    }
  }

  /** The text of UTF-8 bytes, or null when they are not valid UTF-8. */
  public static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
