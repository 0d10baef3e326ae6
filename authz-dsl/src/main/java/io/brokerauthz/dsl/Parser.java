package io.brokerauthz.dsl;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.DidYouMean;
import io.brokerauthz.dsl.Lexer.Kind;
import io.brokerauthz.dsl.Lexer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive descent over the grammar of docs/dsl.md, one token of lookahead, building the model
 * directly (no parse tree beyond the comments and positions in {@link Tree}). The grammar has no
 * recursion, so nesting depth cannot exhaust the stack whatever the input.
 *
 * <p>Every problem is reported (SPEC §12): after a syntax error the parser skips to the next
 * grant, {@code }} or {@code allow} and goes on. The semantic checks are {@link PolicyValidator}'s,
 * run on the rules that parsed cleanly, and located at the DSL text of the value they name.
 */
final class Parser {

  static final List<String> SETTINGS = List.of("name", "namespace", "cache");
  static final List<String> BROKER = List.of("connect", "publish", "subscribe");
  static final List<String> STORE = List.of("read", "write", "readwrite");
  static final List<String> GRANTS = List.of("connect", "publish", "subscribe", "read", "write", "readwrite");
  static final List<String> ALTERNATIVES = List.of("clientIds", "usernames", "attributes");
  static final Set<String> KEYWORDS = Set.of("name", "namespace", "cache", "enabled", "disabled", "allow", "nobody", "or",
      "clientIds", "usernames", "attributes", "connect", "publish", "subscribe", "where", "clientId", "like", "read",
      "write", "readwrite", "pattern", "string", "binary", "keys");

  /** Thrown to stop after the diagnostic cap or a fatal lexical error. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  /** The comments of the unit being parsed (see {@link Tree.Comments}). */
  private static final class Unit {
    List<String> leading;
    List<String> hoisted;
    String pending;
    boolean started;
  }

  private final Lexer lexer;
  private final String source;
  private final int maxErrors;
  private final List<Diagnostic> out = new ArrayList<>();
  private int errors;
  private Token tok;
  private int lastLine = 1;
  private Token previous;
  private Unit unit;

  private String name;
  private String namespace;
  private CacheMode cache;
  private final List<Rule> rules = new ArrayList<>();
  private final Tree.FileTree tree = new Tree.FileTree();

  Parser(Lexer lexer, String source, int maxErrors) {
    this.lexer = lexer;
    this.source = source;
    this.maxErrors = maxErrors;
  }

  /** The outcome: the document (null after a syntax error) and every diagnostic, in source order. */
  record Result(DslDocument document, List<Diagnostic> diagnostics) {}

  Result parse() {
    boolean stopped = false;
    try {
      fetch();
      while (isWord(SETTINGS)) {
        setting(false);
      }
      while (tok.kind != Kind.EOF) {
        if (isWord("allow")) {
          rule();
        } else if (isWord(SETTINGS)) {
          setting(true);
        } else {
          topLevelError();
          do {
            advance();
          } while (tok.kind != Kind.EOF && !isWord("allow"));
        }
      }
      tree.end = new Tree.Comments(tok.leading == null ? List.of() : tok.leading, null);
    } catch (Stop e) {
      stopped = true;
    }
    boolean syntaxOk = errors == 0 && !stopped;
    Policy policy = new Policy(cache == null ? CacheMode.ENABLED : cache, rules);
    if (!stopped) {
      // A rule with a syntax error is not validated (its model may have holes, and its values may be
      // huge garbage): an empty stand-in keeps the indexes of the rules after it.
      List<Rule> checked = new ArrayList<>(rules.size());
      for (int i = 0; i < rules.size(); i++) {
        checked.add(tree.rules.get(i).broken ? new Rule(Principals.none(), List.of(), List.of()) : rules.get(i));
      }
      for (Diagnostic d : PolicyValidator.validate(new Policy(policy.cache(), checked))) {
        Tree.RuleTree rt = ruleOf(d.pointer());
        if (rt != null && rt.broken) {
          continue; // the model of a rule with a syntax error may have holes: no second-guessing
        }
        long at = locate(d.pointer());
        out.add(d.at(source, Positions.line(at), Positions.column(at)));
      }
    }
    List<Diagnostic> sorted = new ArrayList<>(out);
    sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    if (!syntaxOk) {
      return new Result(null, sorted);
    }
    DslForm form = name != null || namespace != null ? DslForm.MANIFEST : cache != null ? DslForm.SPEC : DslForm.RULES;
    return new Result(new DslDocument(policy, form, name, namespace, tree, lexer.comments()), sorted);
  }

  // ---- tokens and units ----

  private void fetch() {
    tok = lexer.next();
    if (tok.kind == Kind.GARBAGE) {
      error(tok, "", tok.error, tok.errorHint);
      throw new Stop();
    }
  }

  private void advance() {
    if (unit != null) {
      absorb(unit, tok);
    }
    lastLine = tok.endLine;
    previous = tok;
    fetch();
  }

  private static void absorb(Unit u, Token t) {
    if (!u.started) {
      u.leading = t.leading;
      u.started = true;
    } else {
      if (u.hoisted == null) {
        u.hoisted = new ArrayList<>(2);
      }
      if (u.pending != null) {
        u.hoisted.add(u.pending);
      }
      if (t.leading != null) {
        t.leading.stream().filter(s -> !s.isEmpty()).forEach(u.hoisted::add);
      }
    }
    u.pending = t.trailing;
  }

  private Unit begin() {
    unit = new Unit();
    return unit;
  }

  // Comments met inside a unit move before it (docs/dsl.md "Comments"); its last token's comment stays after it.
  private Tree.Comments end(Unit u) {
    unit = null;
    if (u.leading == null && u.hoisted == null && u.pending == null) {
      return Tree.Comments.NONE;
    }
    List<String> leading = new ArrayList<>();
    if (u.leading != null) {
      leading.addAll(u.leading);
    }
    if (u.hoisted != null) {
      leading.addAll(u.hoisted);
    }
    return new Tree.Comments(List.copyOf(leading), u.pending);
  }

  private boolean isWord(String word) {
    return tok.kind == Kind.WORD && tok.text.equals(word);
  }

  private boolean isWord(List<String> words) {
    return tok.kind == Kind.WORD && words.contains(tok.text);
  }

  // A token that can only be meant as a value: quoted or not; a bare word only on the same line, and never a keyword.
  private boolean valueLike() {
    return switch (tok.kind) {
      case STRING, SQUOTED, UNQUOTED -> true;
      case WORD -> !KEYWORDS.contains(tok.text) && tok.line == lastLine;
      default -> false;
    };
  }

  // ---- diagnostics ----

  private void error(Token at, String pointer, String message, String hint) {
    Diagnostic d = Diagnostic.error(pointer, message).at(source, at.line, at.column);
    out.add(hint == null ? d : d.withHint(hint));
    errors++;
    if (errors >= maxErrors) {
      out.add(Diagnostic.error(pointer, "too many problems; stopped after " + maxErrors).at(source, at.line, at.column));
      throw new Stop();
    }
  }

  static String shorten(String text) {
    int max = 40;
    return text.length() <= max ? text : text.substring(0, text.offsetByCodePoints(0, Math.min(text.codePointCount(0, text.length()), max - 3))) + "...";
  }

  private static String describe(Token t) {
    return switch (t.kind) {
      case WORD -> "\"" + shorten(t.text) + "\"";
      case STRING -> shorten(Printer.quote(t.text));
      case UNQUOTED -> shorten(t.text);
      case SQUOTED -> "'" + shorten(t.text) + "'";
      case LBRACE -> "\"{\"";
      case RBRACE -> "\"}\"";
      case COMMA -> "\",\"";
      case COLON -> "\":\"";
      case EOF, GARBAGE -> "the end of the file";
    };
  }

  private static String where(Token t) {
    return "line " + t.line + ", column " + t.column;
  }

  private static String didYouMean(Token t, List<String> candidates) {
    return t.kind == Kind.WORD ? DidYouMean.hint(t.text, candidates).orElse(null) : null;
  }

  private static String orList(List<String> words) {
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
  }

  private void topLevelError() {
    if (tok.kind == Kind.LBRACE) {
      error(tok, "", "a rule starts with \"allow\" and its principals, found \"{\"", "write allow clientIds \"...\" { ... }");
    } else if (tok.kind == Kind.RBRACE) {
      error(tok, "", "a \"}\" closes no rule", "remove it, or open the rule with allow ... {");
    } else {
      String hint = didYouMean(tok, List.of("allow", "name", "namespace", "cache"));
      error(tok, "", "expected \"allow\" to start a rule, found " + describe(tok),
          hint != null ? hint : tok.kind == Kind.WORD ? "rules start with allow; settings are name, namespace and cache" : null);
    }
  }

  // ---- settings ----

  private void setting(boolean late) {
    Unit u = begin();
    Token kw = tok;
    advance();
    String pointer = kw.text.equals("cache") ? "/authorizationPolicies/cache" : "/metadata/" + kw.text;
    if (late) {
      error(kw, pointer, "\"" + kw.text + "\" after a rule: settings come before the first rule", "move it to the top of the file");
    }
    if (kw.text.equals("cache")) {
      tree.cachePosition = kw.position();
      if (cache != null) {
        error(kw, pointer, "a second \"cache\" setting", "a file holds one policy: keep one");
      }
      if (isWord("enabled") || isWord("disabled")) {
        cache = isWord("enabled") ? CacheMode.ENABLED : CacheMode.DISABLED;
        advance();
      } else {
        String hint = didYouMean(tok, List.of("enabled", "disabled"));
        error(tok, pointer, "expected enabled or disabled after \"cache\", found " + describe(tok),
            hint != null ? hint : "write cache enabled or cache disabled");
        if (tok.kind == Kind.WORD || tok.kind == Kind.STRING || tok.kind == Kind.UNQUOTED) {
          advance();
        }
      }
      tree.cache = end(u);
      return;
    }
    String value = null;
    if (valueLike()) {
      List<String> one = new ArrayList<>(1);
      value(pointer, kw.text, one, new LongList());
      value = one.get(0);
    } else {
      error(tok, pointer, "expected a quoted " + kw.text + " after \"" + kw.text + "\", found " + describe(tok),
          "write " + kw.text + " \"...\"");
    }
    if (kw.text.equals("name")) {
      if (name != null) {
        error(kw, pointer, "a second \"name\" setting", "a file holds one policy: keep one");
      }
      name = value == null ? "" : value;
      tree.namePosition = kw.position();
      tree.name = end(u);
    } else {
      if (namespace != null) {
        error(kw, pointer, "a second \"namespace\" setting", "a file holds one policy: keep one");
      }
      namespace = value == null ? "" : value;
      tree.namespace = end(u);
    }
  }

  // ---- rules ----

  private void rule() {
    int index = rules.size();
    String at = "/" + index;
    int errorsBefore = errors;
    Tree.RuleTree rt = new Tree.RuleTree();
    tree.rules.add(rt);
    Unit u = begin();
    Token allow = tok;
    rt.allow = allow.position();
    advance();
    rt.principals = tok.position();
    List<String> clientIds = new ArrayList<>();
    List<String> usernames = new ArrayList<>();
    List<Map<String, String>> attributes = new ArrayList<>();
    boolean headerOk = principals(at + "/principals", rt, clientIds, usernames, attributes);
    if (tok.kind == Kind.EOF) {
      if (headerOk) {
        error(tok, at, "the file ends before the rule's grants", "add { connect } or the grants, in braces, after the principals");
      }
      rt.header = end(u);
      rules.add(new Rule(new Principals(clientIds, usernames, attributes), List.of(), List.of()));
      rt.broken = true;
      return;
    }
    if (tok.kind == Kind.LBRACE) {
      advance();
    } else {
      if (headerOk) {
        String hint = tok.kind == Kind.WORD && GRANTS.contains(tok.text) ? "add \"{\" at the end of the allow line"
            : tok.kind == Kind.STRING ? "separate list items with commas" : null;
        error(tok, at, "expected \"{\" to open the rule's grants, or \"or\" for another principal, found " + describe(tok), hint);
      }
      while (tok.kind != Kind.EOF && tok.kind != Kind.LBRACE && tok.kind != Kind.RBRACE && !isWord(GRANTS) && !isWord("allow")) {
        advance();
      }
      if (tok.kind == Kind.LBRACE) {
        advance();
      }
    }
    rt.header = end(u);
    List<BrokerResource> broker = new ArrayList<>();
    List<StateStoreResource> store = new ArrayList<>();
    while (true) {
      if (tok.kind == Kind.RBRACE) {
        Unit close = begin();
        advance();
        rt.close = end(close);
        break;
      }
      if (tok.kind == Kind.EOF) {
        error(tok, at, "missing \"}\" at the end of the file", "add \"}\" to close the rule opened at " + where(allow));
        break;
      }
      if (isWord(BROKER)) {
        brokerGrant(at, rt, broker);
      } else if (isWord(STORE)) {
        storeGrant(at, rt, store);
      } else if (isWord("allow")) {
        error(tok, at, "the rule opened at " + where(allow) + " is not closed before the next \"allow\"",
            "add \"}\" before this line");
        break;
      } else {
        String hint = didYouMean(tok, GRANTS);
        String message = tok.kind == Kind.WORD ? "unknown grant " + describe(tok) + ": expected " + orList(List.of(
            "connect", "publish", "subscribe", "read", "write", "readwrite", "\"}\""))
            : "expected a grant (connect, publish, subscribe, read, write, readwrite) or \"}\", found " + describe(tok);
        if (hint == null && tok.kind == Kind.LBRACE) {
          hint = "a rule has one pair of braces; close this one with \"}\" first";
        }
        error(tok, at + "/brokerResources/" + broker.size(), message, hint);
        do {
          advance();
        } while (tok.kind != Kind.EOF && tok.kind != Kind.RBRACE && !isWord(GRANTS) && !isWord("allow"));
      }
    }
    rules.add(new Rule(new Principals(clientIds, usernames, attributes), broker, store));
    rt.broken = errors != errorsBefore;
  }

  private boolean principals(String at, Tree.RuleTree rt, List<String> clientIds, List<String> usernames,
      List<Map<String, String>> attributes) {
    if (isWord("nobody")) {
      advance();
      return true;
    }
    if (tok.kind == Kind.LBRACE) {
      error(tok, at, "a rule needs principals before \"{\"", "write allow clientIds \"...\", allow usernames \"...\","
          + " allow attributes { key: \"value\" }, or allow nobody; a rule for every client is allow clientIds \"{principal.clientId}\"");
      return false;
    }
    boolean seenClientIds = false;
    boolean seenUsernames = false;
    while (true) {
      if (isWord("clientIds") || isWord("usernames")) {
        boolean ids = isWord("clientIds");
        Token kw = tok;
        advance();
        if (ids ? seenClientIds : seenUsernames) {
          error(kw, at + "/" + kw.text, "a second \"" + kw.text + "\" principal",
              "list them all in one: " + kw.text + " \"a\", \"b\"");
        }
        LongList positions = new LongList();
        List<String> target = ids ? clientIds : usernames;
        strings(at + "/" + kw.text, ids ? "client ID" : "username", kw, target, positions);
        long[] old = ids ? rt.clientIds : rt.usernames;
        long[] merged = Arrays.copyOf(old, old.length + positions.size());
        System.arraycopy(positions.toArray(), 0, merged, old.length, positions.size());
        if (ids) {
          rt.clientIds = merged;
          seenClientIds = true;
        } else {
          rt.usernames = merged;
          seenUsernames = true;
        }
      } else if (isWord("attributes")) {
        Token kw = tok;
        advance();
        int j = attributes.size();
        Map<String, String> map = new LinkedHashMap<>();
        LongList keys = new LongList();
        rt.attributeMaps.add(kw.position());
        attributeMap(at + "/attributes/" + j, kw, map, keys);
        attributes.add(map);
        rt.attributeKeys.add(keys.toArray());
      } else {
        String hint = didYouMean(tok, List.of("clientIds", "usernames", "attributes", "nobody"));
        error(tok, at, "expected clientIds, usernames, attributes or nobody after \"" + previousText() + "\", found "
            + describe(tok), hint != null ? hint : "write allow clientIds \"...\" { ... }");
        return false;
      }
      if (!isWord("or")) {
        return true;
      }
      advance();
    }
  }

  private String previousText() {
    return previous == null ? "" : previous.kind == Kind.WORD ? previous.text : previous.kind == Kind.STRING
        ? shorten(Printer.quote(previous.text)) : describe(previous).replace("\"", "");
  }

  private void attributeMap(String at, Token kw, Map<String, String> map, LongList keys) {
    if (tok.kind != Kind.LBRACE) {
      error(tok, at, "expected \"{\" after \"attributes\", found " + describe(tok), "write attributes { key: \"value\" }");
      return;
    }
    Token open = tok;
    advance();
    while (true) {
      if (tok.kind == Kind.RBRACE) {
        advance();
        return;
      }
      if (tok.kind == Kind.LBRACE || tok.kind == Kind.EOF || isWord("allow") || isWord(GRANTS)) {
        error(tok, at, "the attribute map opened at " + where(open) + " is not closed",
            "add \"}\" after its last attribute: attributes { key: \"value\" }");
        return;
      }
      Token keyToken = tok;
      String key;
      if (tok.kind == Kind.WORD || tok.kind == Kind.STRING) {
        if (tok.error != null) {
          error(tok, at, tok.error, tok.errorHint);
        }
        key = tok.text;
        advance();
      } else {
        error(tok, at, "expected an attribute name, found " + describe(tok),
            tok.kind == Kind.SQUOTED ? "strings use double quotes: write " + Printer.quote(tok.text)
                : tok.kind == Kind.UNQUOTED ? "quote it: " + Printer.quote(tok.text) : "write key: \"value\"");
        if (tok.kind != Kind.SQUOTED && tok.kind != Kind.UNQUOTED) {
          skipAttribute(); // consumes a token, or stops at one the top of this loop handles
          continue;
        }
        key = tok.text;
        advance();
      }
      String entry = at + "/" + PolicyValidator.escape(key);
      if (map.containsKey(key)) {
        error(keyToken, entry, "attribute \"" + shorten(key) + "\" appears twice in one map", "keep one");
      }
      if (tok.kind == Kind.COLON) {
        advance();
      } else {
        error(tok, entry, "expected \":\" after the attribute name, found " + describe(tok), "write "
            + Printer.attributeKey(key) + ": \"value\"");
        if (!valueLike()) {
          skipAttribute();
          continue;
        }
      }
      String value = "";
      if (valueLike()) {
        List<String> one = new ArrayList<>(1);
        value(entry, "attribute value", one, new LongList());
        value = one.get(0);
      } else {
        error(tok, entry, "expected a quoted value after \"" + shorten(key) + ":\", found " + describe(tok),
            "write " + Printer.attributeKey(key) + ": \"value\"");
      }
      map.put(key, value);
      keys.add(keyToken.position());
      if (tok.kind == Kind.COMMA) {
        advance();
      } else if (tok.kind != Kind.RBRACE && tok.kind != Kind.LBRACE && tok.kind != Kind.EOF) {
        error(tok, at, "expected \",\" or \"}\" after an attribute, found " + describe(tok),
            "separate attributes with commas: { a: \"1\", b: \"2\" }");
        skipAttribute();
      }
    }
  }

  // To the next ',' (consumed) or '}' / '{' / end (not consumed), within one line's worth of junk.
  private void skipAttribute() {
    while (tok.kind != Kind.EOF && tok.kind != Kind.RBRACE && tok.kind != Kind.LBRACE && !isWord("allow")) {
      if (tok.kind == Kind.COMMA) {
        advance();
        return;
      }
      advance();
    }
  }

  /** A comma-separated list of at least one value after {@code after}; false if none was there. */
  private boolean strings(String at, String what, Token after, List<String> values, LongList positions) {
    if (!valueLike()) {
      error(tok, at, "expected a quoted " + what + " after \"" + after.text + "\", found " + describe(tok),
          "write " + after.text + " \"...\"");
      return false;
    }
    while (true) {
      String previous = tok.kind == Kind.STRING ? Printer.quote(tok.text) : "\"" + tok.text + "\"";
      value(at + "/" + values.size(), what, values, positions);
      if (tok.kind == Kind.COMMA) {
        advance();
        if (!valueLike()) {
          return true; // a trailing comma
        }
      } else if (tok.kind == Kind.STRING || tok.kind == Kind.SQUOTED) {
        error(tok, at + "/" + values.size(), "expected \",\" between two " + what + "s, found " + describe(tok),
            "separate list items with commas: " + shorten(previous) + ", " + describe(tok));
      } else {
        return true;
      }
    }
  }

  // One value; a quoting mistake is reported and the text is kept, so parsing goes on.
  private void value(String at, String what, List<String> values, LongList positions) {
    Token t = tok;
    switch (t.kind) {
      case STRING -> {
        if (t.error != null) {
          error(t, at, t.error, t.errorHint);
        }
      }
      case SQUOTED -> error(t, at, "strings use double quotes, found " + describe(t), "write " + Printer.quote(t.text));
      default -> error(t, at, "expected a quoted " + what + ", found " + describe(t),
          "write " + shorten(Printer.quote(t.text)) + (t.cutByHash
              ? "; outside quotes \"#\" starts a comment, so the text was cut at \"#\"" : ""));
    }
    values.add(t.text);
    positions.add(t.position());
    advance();
  }

  private void brokerGrant(String rule, Tree.RuleTree rt, List<BrokerResource> list) {
    String at = rule + "/brokerResources/" + list.size();
    Unit u = begin();
    Token kw = tok;
    long grantAt = kw.position();
    advance();
    BrokerMethod method = BrokerMethod.values()[BROKER.indexOf(kw.text)];
    List<String> topics = new ArrayList<>();
    List<String> clientIds = new ArrayList<>();
    LongList topicPositions = new LongList();
    LongList clientIdPositions = new LongList();
    if (valueLike()) {
      strings(at + "/topics", "topic", kw, topics, topicPositions);
    }
    if (isWord("where")) {
      Token w = tok;
      advance();
      if (expectWord("clientId", at, w) && expectWord("like", at, w)) {
        Token like = new Token();
        like.text = "like";
        strings(at + "/clientIds", "client ID pattern", like, clientIds, clientIdPositions);
      }
    }
    rt.broker.add(end(u));
    rt.brokerAt.add(grantAt);
    rt.brokerTopics.add(topicPositions.toArray());
    rt.brokerClientIds.add(clientIdPositions.toArray());
    list.add(new BrokerResource(method, clientIds, topics));
  }

  private boolean expectWord(String word, String at, Token after) {
    if (isWord(word)) {
      advance();
      return true;
    }
    String hint = didYouMean(tok, List.of(word));
    error(tok, at, "expected \"" + word + "\" after \"" + (word.equals("clientId") ? "where" : "clientId") + "\", found "
        + describe(tok), hint != null ? hint : "write where clientId like \"pattern\"");
    if (hint != null) {
      advance(); // a near miss: read on as if it were right, to find the next problem
      return true;
    }
    return false;
  }

  private void storeGrant(String rule, Tree.RuleTree rt, List<StateStoreResource> list) {
    String at = rule + "/stateStoreResources/" + list.size();
    Unit u = begin();
    Token kw = tok;
    long grantAt = kw.position();
    advance();
    StateStoreMethod method = StateStoreMethod.values()[STORE.indexOf(kw.text)];
    KeyType keyType = KeyType.PATTERN;
    if (isWord("string") || isWord("binary") || isWord("pattern")) {
      keyType = isWord("string") ? KeyType.STRING : isWord("binary") ? KeyType.BINARY : KeyType.PATTERN;
      advance();
    }
    Token keysWord = tok;
    if (isWord("keys")) {
      advance();
    } else {
      String hint = didYouMean(tok, List.of("keys", "string", "binary", "pattern"));
      error(tok, at + "/keys", "expected \"keys\" after \"" + kw.text + "\", found " + describe(tok),
          hint != null ? hint : "write " + kw.text + " keys \"...\" (or " + kw.text + " string keys, " + kw.text + " binary keys)");
      if (hint != null && tok.kind == Kind.WORD) {
        advance();
      }
      keysWord = new Token();
      keysWord.text = "keys";
    }
    List<String> keys = new ArrayList<>();
    LongList positions = new LongList();
    if (valueLike()) {
      strings(at + "/keys", "key", keysWord, keys, positions);
    }
    rt.store.add(end(u));
    rt.storeAt.add(grantAt);
    rt.storeKeys.add(positions.toArray());
    list.add(new StateStoreResource(method, keyType, keys));
  }

  // ---- locating the validator's diagnostics ----

  private Tree.RuleTree ruleOf(String pointer) {
    return tree.ruleOf(pointer);
  }

  private long locate(String pointer) {
    return tree.locate(rules, pointer);
  }

  /** A growable list of positions. */
  static final class LongList {
    private long[] values = new long[4];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int size() {
      return size;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
