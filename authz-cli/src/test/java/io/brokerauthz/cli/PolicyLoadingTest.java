package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("decide and explain: loading --policy")
class PolicyLoadingTest {

  @TempDir
  Path dir;

  @Test
  void noCacheDecidesWithTheCompiledWalkAndTheSameAnswers() throws IOException {
    Path file = write("[{\"principals\":{\"clientIds\":[\"c\"]},\"brokerResources\":[{\"method\":\"Publish\",\"topics\":[\"t/#\"]}]}]");
    Authorizer cached = PolicyLoading.load(file, new PrintWriter(new StringWriter()));
    Authorizer uncached = cached.uncached();

    assertInstanceOf(CachingAuthorizer.class, cached, "cache: Enabled is the default (SPEC §8)");
    assertFalse(uncached instanceof CachingAuthorizer);
    for (String topic : new String[] {"t", "t/x", "u"}) {
      assertEquals(cached.decide(Principal.of("c"), Request.publish(topic)),
          uncached.decide(Principal.of("c"), Request.publish(topic)));
    }
  }

  @Test
  void anInvalidPolicyPrintsLocatedDiagnosticsAndYieldsNothing() throws IOException {
    Path file = write("[{\"principals\":{\"clientIds\":[\"c\"]},\"brokerResources\":[{\"method\":\"Publish\",\"topics\":[\"a/#/b\"]}]}]");
    StringWriter err = new StringWriter();

    assertNull(PolicyLoading.load(file, new PrintWriter(err)));
    assertTrue(err.toString().startsWith(file + ":1:"), err.toString());
    assertTrue(err.toString().contains("/0/brokerResources/0/topics/0"), err.toString());
  }

  @Test
  void anUnreadableFileIsOneLineNotAStackTrace() {
    StringWriter err = new StringWriter();

    assertNull(PolicyLoading.load(dir.resolve("missing.json"), new PrintWriter(err)));
    assertFalse(err.toString().contains("Exception"), err.toString());
    assertFalse(err.toString().isBlank());
  }

  private Path write(String json) throws IOException {
    Path file = dir.resolve("policy.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }
}
