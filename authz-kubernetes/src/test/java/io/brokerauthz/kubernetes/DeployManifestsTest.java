package io.brokerauthz.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.listener.ListenerSetReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The manifests of deploy/ other than the CRDs: what they grant and run, and the example set. */
class DeployManifestsTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void theRoleGrantsReadingTheThreeKindsAndWritingTheirStatusOnly() throws IOException {
    List<HasMetadata> rbac = load("rbac.yaml");
    ServiceAccount account = only(rbac, ServiceAccount.class);
    Role role = only(rbac, Role.class);
    RoleBinding binding = only(rbac, RoleBinding.class);
    Set<String> plurals = Arrays.stream(ResourceKind.values()).map(ResourceKind::plural).collect(Collectors.toSet());
    assertEquals(2, role.getRules().size());
    PolicyRule read = role.getRules().get(0);
    PolicyRule status = role.getRules().get(1);
    assertEquals(List.of(ResourceKind.GROUP), read.getApiGroups());
    assertEquals(plurals, Set.copyOf(read.getResources()));
    assertEquals(Set.of("get", "list", "watch"), Set.copyOf(read.getVerbs()), "what the informers need");
    assertEquals(List.of(ResourceKind.GROUP), status.getApiGroups());
    assertEquals(plurals.stream().map(p -> p + "/status").collect(Collectors.toSet()), Set.copyOf(status.getResources()));
    assertTrue(status.getVerbs().containsAll(List.of("patch", "update")), "status writes (editStatus patches)");
    assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
    assertEquals("Role", binding.getRoleRef().getKind());
    assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
  }

  @Test
  void theDeploymentRunsTheOneCommandBrokerWithKubernetesUnderTheServiceAccount() throws IOException {
    Deployment deployment = only(load("broker.yaml"), Deployment.class);
    ServiceAccount account = only(load("rbac.yaml"), ServiceAccount.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertEquals(account.getMetadata().getName(), pod.getServiceAccountName());
    List<String> args = pod.getContainers().get(0).getArgs();
    assertTrue(args.contains("--kubernetes"), args.toString());
    assertEquals("$(POD_NAMESPACE)", args.get(args.indexOf("--namespace") + 1));
    assertEquals("metadata.namespace", pod.getContainers().get(0).getEnv().get(0).getValueFrom().getFieldRef().getFieldPath());
  }

  @Test
  void theExampleSetIsAValidListenerSet() {
    Validated<ListenerSet> set = ListenerSetReader.read(CrdManifestsTest.REPO.resolve("deploy/examples/broker.yaml"));
    assertTrue(set.isValid(), set.diagnostics().toString());
    assertEquals(List.of(), set.diagnostics());
    assertTrue(set.orElseThrow().authorizerFor(1883).policy().rules().size() > 0);
  }

  private static List<HasMetadata> load(String file) throws IOException {
    try (InputStream in = Files.newInputStream(CrdManifestsTest.REPO.resolve("deploy").resolve(file))) {
      Object loaded = SERIALIZATION.unmarshal(in);
      if (loaded instanceof KubernetesList list) {
        return list.getItems();
      }
      if (loaded instanceof List<?> list) {
        return list.stream().map(HasMetadata.class::cast).toList();
      }
      return List.of((HasMetadata) loaded);
    }
  }

  private static <T> T only(List<HasMetadata> items, Class<T> type) {
    List<T> found = items.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), type.getSimpleName() + " in " + items);
    return found.get(0);
  }
}
