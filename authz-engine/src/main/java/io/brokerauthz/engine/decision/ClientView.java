package io.brokerauthz.engine.decision;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.engine.cache.Footprint;
import io.brokerauthz.engine.glob.Glob;
import io.brokerauthz.engine.key.KeyTable;
import io.brokerauthz.engine.key.Utf8;
import io.brokerauthz.engine.topic.TopicSyntax;
import io.brokerauthz.engine.topic.TopicTrie;

/**
 * One client's compiled view of the policy, made once at CONNECT (issue 12): the rules whose
 * principals match it, with its tokens resolved and its client-ID restrictions applied, folded
 * into one topic trie per method, a table of exact keys and a short list of key globs. The
 * CONNECT decision is computed up front. A PUBLISH is one trie walk and a syntax check of what
 * the walk did not see; a SUBSCRIBE one syntax check and one trie walk; neither allocates.
 *
 * <p>Immutable and thread-safe.
 */
final class ClientView implements ClientAuthorizer, Footprint {

  private final Principal principal;
  private final Decision connect;
  private final TopicTrie publish;
  // The publish trie's arrays, held here so that a PUBLISH, the bulk of the traffic, goes from
  // the view straight to them (one dependent load fewer per decision, see docs/design.md).
  private final int[] publishNodes; // null: the trie is searched by its fallback
  private final Decision[] publishDecisions;
  private final TopicTrie subscribe;
  private final KeyTable exactKeys;
  private final Glob[] keyGlobs; // Pattern entries, in document order
  private final Grant[] keyGlobGrants;
  private final boolean[] keyGlobReads;
  private final boolean[] keyGlobWrites;

  /**
   * {@code ownPublish}: the publish trie is this client's alone (not shared with other views), so
   * its nodes are copied here, right after this object, and the trie itself is not kept: a walk
   * then reads the view, its decisions and its nodes from one stretch of memory.
   */
  ClientView(Principal principal, Decision connect, TopicTrie publish, boolean ownPublish, TopicTrie subscribe,
      KeyTable exactKeys, Glob[] keyGlobs, Grant[] keyGlobGrants, boolean[] keyGlobReads, boolean[] keyGlobWrites) {
    this.principal = principal;
    this.connect = connect;
    int[] nodes = publish.nodes();
    this.publishDecisions = publish.decisionsByRank();
    this.publishNodes = nodes != null && ownPublish ? nodes.clone() : nodes;
    this.publish = nodes != null && ownPublish ? null : publish; // null: never searched through the trie
    this.subscribe = subscribe;
    this.exactKeys = exactKeys;
    this.keyGlobs = keyGlobs;
    this.keyGlobGrants = keyGlobGrants;
    this.keyGlobReads = keyGlobReads;
    this.keyGlobWrites = keyGlobWrites;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public Decision decide(Request request) {
    return switch (request.action()) {
      case CONNECT -> connect;
      case PUBLISH -> publish(((Request.Publish) request).topic());
      case SUBSCRIBE -> subscribe(((Request.Subscribe) request).filter());
      case STATE_STORE -> stateStore((Request.StateStore) request);
    };
  }

  private Decision publish(String topic) {
    // One pass over the topic: the walk reports how far it saw the topic clean, and the syntax
    // check (SPEC §4) scans only the rest. A malformed name is denied whatever the walk found.
    int[] nodes = publishNodes;
    long found = nodes != null ? TopicTrie.searchName(nodes, topic) : publish.searchName(topic);
    int reach = TopicTrie.reachOf(found);
    if (reach < topic.length() || reach == 0) {
      int code = TopicSyntax.checkName(topic, reach);
      if (code != TopicSyntax.OK) {
        return Denials.malformedName(code);
      }
    }
    int rank = TopicTrie.rankOf(found);
    return rank == TopicTrie.NONE ? Denials.PUBLISH : publishDecisions[rank];
  }

  private Decision subscribe(String filter) {
    int start = CompiledAuthorizer.filterStart(filter);
    if (start < 0) {
      return CompiledAuthorizer.subscribeDenial(start);
    }
    Grant g = subscribe.matchFilter(filter, start);
    return g == null ? Denials.SUBSCRIBE : g.decision();
  }

  private Decision stateStore(Request.StateStore request) {
    Request.StateStore key = request; // read in place: the key is never copied
    boolean read = request.operation().isRead();
    Grant best = exactKeys.find(key, read);
    boolean utf8 = Utf8.isValid(key);
    if (utf8) {
      int bestOrder = Grant.orderOf(best);
      for (int i = 0; i < keyGlobs.length; i++) {
        Grant g = keyGlobGrants[i];
        if (g.order() >= bestOrder) {
          break; // in document order: nothing later can be earlier
        }
        if ((read ? keyGlobReads[i] : keyGlobWrites[i]) && keyGlobs[i].matchesUtf8(key)) {
          best = g;
          break;
        }
      }
    }
    if (best != null) {
      return best.decision();
    }
    return utf8 ? Denials.STATE_STORE : Denials.STATE_STORE_NOT_UTF8;
  }

  /**
   * What this view holds, for the decision cache's bound in bytes (SPEC §8). Tries shared with
   * other views are counted as if they were this view's own: an over-estimate, never an under one.
   * Each grant is counted with 64 bytes for its Grant and Decision, which a view with substituted
   * tokens holds for itself.
   */
  @Override
  public long footprintBytes() {
    long bytes = 16 + 12L * 4; // the object: header and fields
    bytes += 16 + 4L * publishDecisions.length + 64L * publishDecisions.length;
    if (publishNodes != null) {
      bytes += 16 + 4L * publishNodes.length;
    }
    if (publish != null && publishNodes == null) {
      bytes += 256; // a trie too deep to walk keeps its filters; rare, counted roughly
    }
    bytes += trieBytes(subscribe);
    bytes += 64 + 4 * (16 + 4L * keyGlobs.length) + 128L * keyGlobs.length;
    return bytes;
  }

  private static long trieBytes(TopicTrie trie) {
    int[] nodes = trie.nodes();
    int grants = trie.decisionsByRank().length;
    return 48 + (nodes == null ? 256 : 16 + 4L * nodes.length) + 2 * (16 + 4L * grants) + 64L * grants;
  }

  @Override
  public String toString() {
    return "ClientView[" + principal.clientId() + "]";
  }
}
