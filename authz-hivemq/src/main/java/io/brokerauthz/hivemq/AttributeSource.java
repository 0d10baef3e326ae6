package io.brokerauthz.hivemq;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gives a connecting client its attributes, the {@code principals.attributes} side of a policy
 * (SPEC §2). Two ship with the extension: {@link CertificateAttributes} (the certificate's
 * subject fields) and {@link AttributeFile} (a YAML file mapping client IDs or client-ID globs to
 * attributes). Called once per CONNECT; must be thread-safe.
 *
 * <p>Experimental.
 */
@FunctionalInterface
public interface AttributeSource {

  /** The attributes of {@code client}; empty when the source knows none. */
  Map<String, String> attributesOf(ClientIdentity client);

  /** A source that gives no attributes. */
  static AttributeSource none() {
    return client -> Map.of();
  }

  /**
   * The union of {@code sources}; where two give the same attribute, the earlier source wins
   * (so configuration given by the operator can be put before what the client presents).
   */
  static AttributeSource firstWins(List<AttributeSource> sources) {
    List<AttributeSource> copy = List.copyOf(sources);
    return client -> {
      Map<String, String> out = new LinkedHashMap<>();
      for (AttributeSource source : copy) {
        Objects.requireNonNull(source.attributesOf(client), "attributes").forEach(out::putIfAbsent);
      }
      return out;
    };
  }
}
