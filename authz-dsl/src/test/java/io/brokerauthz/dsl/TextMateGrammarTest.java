package io.brokerauthz.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The editor grammar (docs/editors/authz-dsl) highlights exactly the parser's keywords, and its patterns compile. */
class TextMateGrammarTest {

  @Test
  void theGrammarKnowsEveryKeywordAndNoOther() throws IOException {
    JsonNode grammar = new ObjectMapper().readTree(
        Path.of("..", "docs", "editors", "authz-dsl", "syntaxes", "authz.tmLanguage.json").toFile());
    Set<String> words = new TreeSet<>();
    for (JsonNode pattern : grammar.at("/repository/keywords/patterns")) {
      Matcher m = Pattern.compile("\\(\\?:([A-Za-z|]+)\\)").matcher(pattern.get("match").textValue());
      while (m.find()) {
        words.addAll(Set.of(m.group(1).split("\\|")));
      }
    }
    assertEquals(new TreeSet<>(Parser.KEYWORDS), words);
    grammar.findValues("match").forEach(m -> Pattern.compile(m.textValue()));
    JsonNode extension = new ObjectMapper().readTree(Path.of("..", "docs", "editors", "authz-dsl", "package.json").toFile());
    assertEquals(PolicyDsl.EXTENSION, extension.at("/contributes/languages/0/extensions/0").textValue());
  }
}
