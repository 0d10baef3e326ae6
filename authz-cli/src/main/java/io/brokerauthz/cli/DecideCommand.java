package io.brokerauthz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import java.io.IOException;
import java.io.PrintWriter;
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
 * per request on stdout, in order, each with the number of its line ({@code "line": N}; issue 12,
 * 18). A line ends at {@code \n} only ({@link JsonLines}). A line that cannot be read gets
 * {@code {"line":N,"decision":"deny","rule":null,"reason":"malformed request: ...","error":"..."}}
 * and the rest go on; the exit code is then 3, with a one-line count on stderr, so that a typo in
 * a request cannot pass a test that expects a denial. An invalid policy: its diagnostics on
 * stderr as validate prints them, exit 1.
 */
@Command(name = "decide", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Decide requests read as JSON Lines on stdin; write one JSON line per request.",
        "Request: {\"clientId\":..,\"username\":..,\"attributes\":{..},\"action\":\"connect|publish|subscribe|get|set|del|vdel|keynotify\","
            + "\"topic\":..,\"key\":..|\"keyBase64\":..}",
        "Answer: {\"line\":N,\"decision\":\"allow|deny\",\"rule\":N|null,\"reason\":\"..\"}; a line that cannot be"
            + " read is denied, with \"error\" saying why, and the exit status is then 3."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:every request line was read and answered", "1:the policy is invalid",
        "2:usage error", "3:every line was answered, but some could not be read (their answers say why)",
        "70:internal error (one line on stderr, never a stack trace)"})
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

  /** Exit code when some request line could not be read (each was still answered). */
  static final int UNREADABLE = 3;

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
    Terminal.noticeIfInteractive(err, "authz decide");
    // One view per client identity, as a broker keeps one per connection (bounded, LRU).
    Map<Principal, ClientAuthorizer> views = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Principal, ClientAuthorizer> eldest) {
        return size() > VIEWS;
      }
    };
    JsonLines in = new JsonLines(System.in);
    long answered = 0;
    long unreadable = 0;
    JsonLines.Line line;
    while ((line = in.next()) != null) {
      if (line.text() != null && line.text().isBlank()) {
        continue;
      }
      Answer answer = line.text() == null ? new Answer(error(line.number(), line.problem()), true)
          : answer(line.number(), line.text(), authorizer, views);
      answered++;
      if (answer.unreadable()) {
        unreadable++;
      }
      out.println(answer.json());
      out.flush();
    }
    if (unreadable > 0) {
      err.println("authz decide: " + unreadable + " of " + answered + " request line" + (answered == 1 ? "" : "s")
          + " could not be read; each was answered with a deny and an \"error\"");
      err.flush();
      return UNREADABLE;
    }
    return 0;
  }

  /** One answer line, and whether its request could not be read. */
  record Answer(String json, boolean unreadable) {}

  static Answer answer(long number, String line, Authorizer authorizer, Map<Principal, ClientAuthorizer> views) {
    RequestLine request;
    try {
      request = RequestLine.parse(JSON.readTree(line));
    } catch (JsonProcessingException e) {
      return new Answer(error(number, "not JSON: " + e.getOriginalMessage()), true);
    } catch (RequestLine.BadRequest e) {
      return new Answer(error(number, e.getMessage()), true);
    }
    Decision d = views.computeIfAbsent(request.principal(), authorizer::forClient).decide(request.request());
    ObjectNode node = JSON.createObjectNode();
    node.put("line", number);
    node.setAll(toJson(d));
    return new Answer(line(node), false);
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
  private static String error(long number, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("line", number);
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
