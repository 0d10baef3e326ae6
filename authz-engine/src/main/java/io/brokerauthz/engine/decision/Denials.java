package io.brokerauthz.engine.decision;

import io.brokerauthz.api.Action;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.internal.syntax.TopicSyntax;

/**
 * Every denial the engine gives, allocated once (SPEC §2, §4, §10): a denial carries no
 * per-request data, so the hot path returns one of these.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class Denials {

  public static final String NO_RULE = "no rule matched";

  public static final Decision CONNECT = Decision.deny(Action.CONNECT, NO_RULE);
  public static final Decision PUBLISH = Decision.deny(Action.PUBLISH, NO_RULE);
  public static final Decision SUBSCRIBE = Decision.deny(Action.SUBSCRIBE, NO_RULE);
  public static final Decision STATE_STORE = Decision.deny(Action.STATE_STORE, NO_RULE);
  public static final Decision STATE_STORE_NOT_UTF8 = Decision.deny(Action.STATE_STORE,
      NO_RULE + " (the key is not valid UTF-8, so only Binary keys could match)");

  private static final Decision NAME_EMPTY = Decision.deny(Action.PUBLISH, "malformed topic name: empty");
  private static final Decision NAME_WILDCARD = Decision.deny(Action.PUBLISH,
      "malformed topic name: '+' and '#' are not allowed in a topic name");
  private static final Decision NAME_NUL = Decision.deny(Action.PUBLISH, "malformed topic name: contains U+0000");
  private static final Decision NAME_NOT_UTF8 = Decision.deny(Action.PUBLISH,
      "malformed topic name: an unpaired surrogate is not UTF-8 (MQTT §1.5.4)");

  private static final Decision NAME_TOO_LONG = Decision.deny(Action.PUBLISH,
      "malformed topic name: longer than 65,535 bytes in UTF-8 (MQTT §1.5.4)");

  private static final Decision FILTER_EMPTY = Decision.deny(Action.SUBSCRIBE, "malformed topic filter: empty");
  private static final Decision FILTER_WILDCARD = Decision.deny(Action.SUBSCRIBE,
      "malformed topic filter: a wildcard must occupy a whole level");
  private static final Decision FILTER_HASH = Decision.deny(Action.SUBSCRIBE,
      "malformed topic filter: '#' must be the last level");
  private static final Decision FILTER_NUL = Decision.deny(Action.SUBSCRIBE, "malformed topic filter: contains U+0000");
  private static final Decision FILTER_NOT_UTF8 = Decision.deny(Action.SUBSCRIBE,
      "malformed topic filter: an unpaired surrogate is not UTF-8 (MQTT §1.5.4)");

  private static final Decision FILTER_TOO_LONG = Decision.deny(Action.SUBSCRIBE,
      "malformed topic filter: longer than 65,535 bytes in UTF-8 (MQTT §1.5.4)");

  private static final Decision SHARE_EMPTY_GROUP = Decision.deny(Action.SUBSCRIBE,
      "malformed shared subscription: empty share name");
  private static final Decision SHARE_WILDCARD_GROUP = Decision.deny(Action.SUBSCRIBE,
      "malformed shared subscription: the share name contains '+' or '#'");
  private static final Decision SHARE_NUL_GROUP = Decision.deny(Action.SUBSCRIBE,
      "malformed shared subscription: the share name contains U+0000");
  private static final Decision SHARE_NOT_UTF8_GROUP = Decision.deny(Action.SUBSCRIBE,
      "malformed shared subscription: the share name holds an unpaired surrogate, which is not UTF-8 (MQTT §1.5.4)");
  private static final Decision SHARE_NO_FILTER = Decision.deny(Action.SUBSCRIBE,
      "malformed shared subscription: no topic filter after the share name");
  private static final Decision SHARE_EMPTY_FILTER = Decision.deny(Action.SUBSCRIBE,
      "malformed shared subscription: empty topic filter");

  private Denials() {}

  /** The denial for a {@link TopicSyntax#checkName} code other than OK. */
  public static Decision malformedName(int code) {
    return switch (code) {
      case TopicSyntax.EMPTY -> NAME_EMPTY;
      case TopicSyntax.WILDCARD_IN_NAME -> NAME_WILDCARD;
      case TopicSyntax.NOT_UTF8 -> NAME_NOT_UTF8;
      case TopicSyntax.TOO_LONG -> NAME_TOO_LONG;
      default -> NAME_NUL;
    };
  }

  /** The denial for a {@link TopicSyntax#checkFilter} code other than OK. */
  public static Decision malformedFilter(int code) {
    return switch (code) {
      case TopicSyntax.EMPTY -> FILTER_EMPTY;
      case TopicSyntax.WILDCARD_NOT_WHOLE_LEVEL -> FILTER_WILDCARD;
      case TopicSyntax.HASH_NOT_LAST -> FILTER_HASH;
      case TopicSyntax.NOT_UTF8 -> FILTER_NOT_UTF8;
      case TopicSyntax.TOO_LONG -> FILTER_TOO_LONG;
      default -> FILTER_NUL;
    };
  }

  /** The denial for a negative {@link TopicSyntax#subscriptionStart} result. */
  public static Decision malformedSubscription(int code) {
    return code <= -100 ? malformedFilter(-100 - code) : malformedShare(code);
  }

  /** The denial for a negative {@link TopicSyntax#shareStart} code. */
  public static Decision malformedShare(int code) {
    return switch (code) {
      case TopicSyntax.SHARE_EMPTY_GROUP -> SHARE_EMPTY_GROUP;
      case TopicSyntax.SHARE_WILDCARD_GROUP -> SHARE_WILDCARD_GROUP;
      case TopicSyntax.SHARE_NO_FILTER -> SHARE_NO_FILTER;
      case TopicSyntax.SHARE_NUL_GROUP -> SHARE_NUL_GROUP;
      case TopicSyntax.SHARE_NOT_UTF8_GROUP -> SHARE_NOT_UTF8_GROUP;
      default -> SHARE_EMPTY_FILTER;
    };
  }
}
