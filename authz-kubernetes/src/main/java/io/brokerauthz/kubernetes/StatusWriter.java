package io.brokerauthz.kubernetes;

import io.brokerauthz.kubernetes.ObservedResource.ObjectKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes each resource's {@code Accepted} condition to its status subresource, only when it
 * differs from the one the object carries and from the one this node last wrote: a status write
 * bumps {@code resourceVersion} but not {@code generation}, so the UPDATE it causes is not re-read
 * and nothing loops; several broker nodes writing the same condition write it once between them
 * (plus at most one write each on a race). Called on the reconciling thread only.
 */
final class StatusWriter {

  private static final System.Logger LOG = System.getLogger(StatusWriter.class.getName());

  private final KubernetesClient client;
  private final String namespace;
  private final Map<ObjectKey, Written> written = new HashMap<>();

  private record Written(String uid, Condition condition) {}

  StatusWriter(KubernetesClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /**
   * Writes the conditions that changed; returns false if a write failed for a reason worth a
   * retry (the caller reconciles again later).
   */
  boolean write(Map<ObjectKey, ObservedResource> observed, Map<ObjectKey, Condition> conditions) {
    written.keySet().removeIf(k -> !observed.containsKey(k));
    boolean allWritten = true;
    for (Map.Entry<ObjectKey, Condition> entry : conditions.entrySet()) {
      ObservedResource resource = observed.get(entry.getKey());
      Condition condition = entry.getValue();
      Written last = written.get(entry.getKey());
      if (resource == null || resource.condition().filter(condition::equals).isPresent()
          || last != null && last.uid().equals(resource.uid()) && last.condition().equals(condition)) {
        continue;
      }
      try {
        client.genericKubernetesResources(resource.kind().context()).inNamespace(namespace).withName(resource.name())
            .editStatus(current -> withCondition(current, condition));
        written.put(entry.getKey(), new Written(resource.uid(), condition));
        LOG.log(System.Logger.Level.DEBUG, () -> "status of " + entry.getKey() + ": Accepted=" + condition.accepted());
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          continue; // deleted meanwhile: its DELETE event follows
        }
        allWritten = false;
        LOG.log(System.Logger.Level.WARNING, "could not write the status of " + entry.getKey() + " in namespace "
            + namespace + " (HTTP " + e.getCode() + "): " + e.getMessage() + "; retrying later (docs/kubernetes.md, RBAC)");
      } catch (RuntimeException e) {
        allWritten = false;
        LOG.log(System.Logger.Level.WARNING, "could not write the status of " + entry.getKey() + ": " + e
            + "; retrying later");
      }
    }
    return allWritten;
  }

  // Replaces only the Accepted entry of status.conditions; other conditions and status fields stay.
  // lastTransitionTime moves only when the condition's status flips (Kubernetes API conventions).
  private static GenericKubernetesResource withCondition(GenericKubernetesResource current, Condition condition) {
    Object status = current.getAdditionalProperties().get("status");
    Map<String, Object> next = new LinkedHashMap<>();
    if (status instanceof Map<?, ?> map) {
      map.forEach((k, v) -> next.put(String.valueOf(k), v));
    }
    List<Object> conditions = new ArrayList<>();
    String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    if (next.get("conditions") instanceof List<?> list) {
      for (Object entry : list) {
        if (entry instanceof Map<?, ?> c && Condition.TYPE.equals(c.get("type"))) {
          if (c.get("status") instanceof String s && s.equals(condition.accepted() ? "True" : "False")
              && c.get("lastTransitionTime") instanceof String t) {
            since = t;
          }
        } else {
          conditions.add(entry);
        }
      }
    }
    conditions.add(condition.toMap(since));
    next.put("conditions", conditions);
    current.setAdditionalProperty("status", next);
    return current;
  }
}
