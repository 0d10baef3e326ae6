package io.brokerauthz.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * One custom resource as last seen by an informer: the document handed to the readers (its
 * {@code status} and server-managed metadata left out) and the {@code Accepted} condition it
 * carries now, which the status writer compares against so an unchanged condition is not written.
 *
 * @param kind which of the three kinds
 * @param name {@code metadata.name}
 * @param uid {@code metadata.uid}; a re-created object of the same name is a different one
 * @param generation {@code metadata.generation}: bumped by a spec change only (status subresource)
 * @param json the document the readers see
 * @param brokerRef {@code spec.brokerRef} of a listener as written (empty: none or not a string)
 * @param condition the {@code Accepted} condition in the object's status, if any
 */
record ObservedResource(ResourceKind kind, String name, String uid, long generation, String json,
    Optional<String> brokerRef, Optional<Condition> condition) {

  ObservedResource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(brokerRef, "brokerRef");
    Objects.requireNonNull(condition, "condition");
  }

  ObjectKey key() {
    return new ObjectKey(kind, name);
  }

  /** True if {@code other} has the same spec as this (same object, same generation): nothing to re-read. */
  boolean sameGeneration(ObservedResource other) {
    return other != null && uid.equals(other.uid) && generation == other.generation;
  }

  /** A resource's identity within the namespace. */
  record ObjectKey(ResourceKind kind, String name) {
    @Override
    public String toString() {
      return kind.kind() + " " + name;
    }
  }
}
