package io.brokerauthz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code authz decide --policy FILE [--no-cache]}: JSON Lines requests on stdin, one JSON line
 * per request on stdout, in order (issue 12). A line that cannot be read gets
 * {@code {"decision":"deny","rule":null,"reason":"malformed request: ...","error":"..."}} and the
 * rest go on; exit 0. An invalid policy: its diagnostics on
 * stderr as validate prints them, exit 1.
 */
@Command(name = "decide", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Decide requests read as JSON Lines on stdin; write one JSON line per request.",
        "Request: {\"clientId\":..,\"username\":..,\"attributes\":{..},\"action\":\"connect|publish|subscribe|get|set|del|vdel|keynotify\","
            + "\"topic\":..,\"key\":..|\"keyBase64\":..}",
        "Answer: {\"decision\":\"allow|deny\",\"rule\":N|null,\"reason\":\"..\"}; a line that cannot be read is"
            + " denied, with \"error\" saying why."})
final class DecideCommand implements Callable<Integer> {

  // A repeated field ({"clientId":"a",...,"clientId":"b"}) is refused, not read as the last one:
  // two readers of the same line must never see two different clients.
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // Answers are pure ASCII: an error echoing a request's U+2028 or U+0085 must not read as
      // two lines to a reader that splits on every Unicode line break (Python's splitlines).
      .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final int VIEWS = 1024;

  @Spec
  CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy (JSON or YAML, any input form).")
  Path policy;

  @Option(names = "--port", paramLabel = "N", description = "Read --policy as a listener set (BrokerListener manifests"
      + " and the policies they name, docs/listeners.md) and decide under the policy of listener port N.")
  Integer port;

  @Option(names = "--no-cache", description = "Decide without the decision cache (answers are identical either way).")
  boolean noCache;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Authorizer authorizer = port == null ? PolicyLoading.load(policy, err) : PolicyLoading.loadForPort(policy, port, err);
    if (authorizer == null) {
      return PolicyLoading.INVALID;
    }
    if (noCache) {
      // The compiled walk itself; answers are the same either way (SPEC §8), so both paths can
      // be checked from outside.
      authorizer = authorizer.uncached();
    }
    // One view per client identity, as a broker keeps one per connection (bounded, LRU).
    Map<Principal, ClientAuthorizer> views = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Principal, ClientAuthorizer> eldest) {
        return size() > VIEWS;
      }
    };
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      out.println(answer(line, authorizer, views));
      out.flush();
    }
    return 0;
  }

  static String answer(String line, Authorizer authorizer, Map<Principal, ClientAuthorizer> views) {
    RequestLine request;
    try {
      request = RequestLine.parse(JSON.readTree(line));
    } catch (JsonProcessingException e) {
      return error("not JSON: " + e.getOriginalMessage());
    } catch (RequestLine.BadRequest e) {
      return error(e.getMessage());
    }
    Decision d = views.computeIfAbsent(request.principal(), authorizer::forClient).decide(request.request());
    return line(toJson(d));
  }

  private static String line(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e); // a tree of strings always writes
    }
  }

  static ObjectNode toJson(Decision d) {
    ObjectNode node = JSON.createObjectNode();
    node.put("decision", d.allowed() ? "allow" : "deny");
    if (d.allowed()) {
      node.put("rule", d.rule());
    } else {
      node.putNull("rule");
    }
    node.put("reason", d.reason());
    return node;
  }

  /**
   * The answer to a line that cannot be read: {@code error} says why, and the line is also a
   * denial (fail closed), so a caller that only looks at {@code decision} never reads an
   * unreadable request as allowed, nor skips it.
   */
  private static String error(String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("decision", "deny");
    node.putNull("rule");
    node.put("reason", "malformed request: " + message);
    node.put("error", message);
    return line(node);
  }

  static JsonNode readTree(String text) throws JsonProcessingException {
    return JSON.readTree(text);
  }
}
