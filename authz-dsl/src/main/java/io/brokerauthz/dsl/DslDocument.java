package io.brokerauthz.dsl;

import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Policy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy as a DSL file holds it: the {@link Policy}, the input form it stands for, the manifest's
 * name and namespace, and (when it was read from DSL text) its comments, which
 * {@link PolicyDsl#write(DslDocument)} puts back.
 *
 * <p>Experimental.
 */
public final class DslDocument {

  private final Policy policy;
  private final DslForm form;
  private final String name;
  private final String namespace;
  private final Tree.FileTree tree;
  private final List<String> comments;

  DslDocument(Policy policy, DslForm form, String name, String namespace, Tree.FileTree tree, List<String> comments) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.form = Objects.requireNonNull(form, "form");
    this.name = name;
    this.namespace = namespace;
    this.tree = tree;
    this.comments = List.copyOf(comments);
    if (form == DslForm.RULES && policy.cache() != CacheMode.ENABLED) {
      throw new IllegalArgumentException("a bare rules array cannot carry cache Disabled; use the spec form");
    }
    if (form != DslForm.MANIFEST && (name != null || namespace != null)) {
      throw new IllegalArgumentException("only a manifest has a name or namespace");
    }
  }

  /**
   * A document without comments, for writing a policy read from JSON or YAML. {@code name} and
   * {@code namespace} (either may be null) are for {@link DslForm#MANIFEST} only. A rules-form
   * request for a policy whose cache is Disabled is written in the spec form, which can say so.
   */
  public static DslDocument of(Policy policy, DslForm form, String name, String namespace) {
    DslForm actual = form == DslForm.RULES && policy.cache() != CacheMode.ENABLED ? DslForm.SPEC : form;
    return new DslDocument(policy, actual, actual == DslForm.MANIFEST ? name : null,
        actual == DslForm.MANIFEST ? namespace : null, null, List.of());
  }

  /** The policy. */
  public Policy policy() {
    return policy;
  }

  /** The input form the file stands for. */
  public DslForm form() {
    return form;
  }

  /** The manifest's {@code metadata.name}, if any. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** The manifest's {@code metadata.namespace}, if any. */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** Every comment of the source text, in source order ({@code #} included); empty when not read from DSL. */
  public List<String> comments() {
    return comments;
  }

  /**
   * Where the value {@code rulesPointer} names was written in the DSL text: a JSON Pointer under
   * the rules array, as the validator's diagnostics and analysis findings use
   * ({@code /0/brokerResources/1/topics/0}; {@code ""} for the whole policy). A part without a
   * position of its own (a pointer to a grant's method, say) gets the nearest enclosing one: the
   * grant, else the rule. {@link Position#UNKNOWN} for a document not read from DSL text.
   */
  public Position position(String rulesPointer) {
    Objects.requireNonNull(rulesPointer, "rulesPointer");
    if (tree == null) {
      return Position.UNKNOWN;
    }
    long at = tree.locate(policy.rules(), rulesPointer);
    return new Position(Positions.line(at), Positions.column(at));
  }

  /**
   * A place in DSL text: line and column 1-based (columns count code points), both 0 when unknown.
   *
   * @param line the 1-based line, 0 when unknown
   * @param column the 1-based column, 0 when unknown
   */
  public record Position(int line, int column) {
    /** No position: the document was not read from DSL text. */
    public static final Position UNKNOWN = new Position(0, 0);
  }

  Tree.FileTree tree() {
    return tree;
  }
}
