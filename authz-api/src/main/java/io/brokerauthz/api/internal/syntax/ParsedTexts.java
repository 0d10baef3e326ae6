package io.brokerauthz.api.internal.syntax;

import io.brokerauthz.api.Rule;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What validation parsed, kept for the compiler so that a policy is validated and parsed once
 * (the reader and the builder validate; {@code Authorizer.of} then compiles from these). The
 * validator remembers the parse of every rule it found valid; the compiler asks for it and
 * validates only a rule it has no parse for (a Policy constructed some other way).
 *
 * <p>Remembered by rule value, weakly: a rule equal to a valid one is valid (validity depends on
 * nothing else), and a rule no longer referenced is forgotten with its parse.
 *
 * <p>Internal: not part of the API (the package is exported only to sibling modules).
 */
public final class ParsedTexts {

  private static final Map<Rule, ParsedTexts> VALID = Collections.synchronizedMap(new WeakHashMap<>());

  // Filled by one validation, then only read: published through VALID's lock.
  private final Map<String, TopicTemplate> topics = new HashMap<>();
  private final Map<String, GlobPattern> clientIdPatterns = new HashMap<>();
  private final Map<String, GlobPattern> keyPatterns = new HashMap<>();
  private final Map<String, GlobPattern> templates = new HashMap<>();

  /** Empty, for one validation to fill. */
  public ParsedTexts() {}

  /** The parse of a valid rule, or null if no validation has seen it valid. */
  public static ParsedTexts of(Rule rule) {
    return VALID.get(rule);
  }

  /** Records that {@code rule} is valid and its texts are parsed in {@code texts}. */
  public static void remember(Rule rule, ParsedTexts texts) {
    VALID.put(rule, texts);
  }

  /** The parsed topic filter, or null. */
  public TopicTemplate topic(String text) {
    return topics.get(text);
  }

  /** The parsed client-ID pattern, or null. */
  public GlobPattern clientIdPattern(String text) {
    return clientIdPatterns.get(text);
  }

  /** The parsed Pattern key, or null. */
  public GlobPattern keyPattern(String text) {
    return keyPatterns.get(text);
  }

  /** The parsed principal template, or null. */
  public GlobPattern template(String text) {
    return templates.get(text);
  }

  /** The map of parsed topic filters, for the validator to fill. */
  public Map<String, TopicTemplate> topics() {
    return topics;
  }

  /** The map of parsed client-ID patterns, for the validator to fill. */
  public Map<String, GlobPattern> clientIdPatterns() {
    return clientIdPatterns;
  }

  /** The map of parsed Pattern keys, for the validator to fill. */
  public Map<String, GlobPattern> keyPatterns() {
    return keyPatterns;
  }

  /** The map of parsed principal templates, for the validator to fill. */
  public Map<String, GlobPattern> templates() {
    return templates;
  }
}
