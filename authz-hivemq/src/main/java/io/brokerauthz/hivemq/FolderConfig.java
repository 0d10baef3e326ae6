package io.brokerauthz.hivemq;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Validated;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The folder extension's settings, read from {@value #FILE_NAME} in the extension's folder
 * (paths relative to that folder; docs/hivemq.md):
 *
 * <pre>
 * policy = policy            # a policy file, or a ConfigMap-style directory holding one
 * listeners =                # or: a BrokerListener set routing HiveMQ's listener ports to policies
 * broker = default           # the brokerRef whose listeners apply
 * attributes =               # optional YAML file: client IDs or globs to attributes
 * certificate-attributes = true
 * authentication = standalone   # or: delegate (an authentication extension decides who the client is)
 * reload = true              # follow changes to the policy files
 * </pre>
 */
final class FolderConfig {

  static final String FILE_NAME = "brokerauthz.properties";
  private static final Set<String> KEYS = Set.of("policy", "listeners", "broker", "attributes",
      "certificate-attributes", "authentication", "reload");
  static final Duration DEBOUNCE = Duration.ofMillis(300);

  private FolderConfig() {}

  static Validated<ExtensionSettings> load(Path home) {
    Path file = home.resolve(FILE_NAME);
    Properties properties = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(in);
      } catch (IOException | IllegalArgumentException e) {
        return invalid(file, "", "cannot read: " + e.getMessage());
      }
    }
    for (String key : properties.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        return invalid(file, "/" + key, "unknown setting (known: " + KEYS.stream().sorted().toList() + ")");
      }
    }
    String authentication = properties.getProperty("authentication", "standalone").trim();
    if (!authentication.equals("standalone") && !authentication.equals("delegate")) {
      return invalid(file, "/authentication", "expected standalone or delegate, was \"" + authentication + "\"");
    }
    Optional<Duration> debounce = Boolean.parseBoolean(properties.getProperty("reload", "true").trim())
        ? Optional.of(DEBOUNCE) : Optional.empty();
    String listeners = properties.getProperty("listeners", "").trim();
    Validated<? extends PolicySource> source = listeners.isEmpty()
        ? FilePolicySource.open(home.resolve(properties.getProperty("policy", "policy").trim()), debounce,
            ReloadLog.logged())
        : ListenerSetPolicySource.open(home.resolve(listeners), properties.getProperty("broker", "default").trim(),
            debounce, ReloadLog.logged());
    if (!source.isValid()) {
      return Validated.invalid(source.diagnostics());
    }
    List<AttributeSource> attributes = new ArrayList<>();
    String attributeFile = properties.getProperty("attributes", "").trim();
    if (!attributeFile.isEmpty()) {
      Validated<AttributeFile> read = AttributeFile.read(home.resolve(attributeFile));
      if (!read.isValid()) {
        source.orElseThrow().close();
        return Validated.invalid(read.diagnostics());
      }
      attributes.add(read.orElseThrow());
    }
    if (Boolean.parseBoolean(properties.getProperty("certificate-attributes", "true").trim())) {
      attributes.add(new CertificateAttributes());
    }
    return Validated.valid(new ExtensionSettings(source.orElseThrow(), AttributeSource.firstWins(attributes),
        authentication.equals("delegate")), List.of());
  }

  private static <T> Validated<T> invalid(Path file, String pointer, String message) {
    return Validated.invalid(List.of(Diagnostic.error(pointer, message).at(file.toString(), 0, 0)));
  }
}
