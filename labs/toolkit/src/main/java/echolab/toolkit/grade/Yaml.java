package echolab.toolkit.grade;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * A YAML document as a tree whose every node knows its line, read with Jackson's YAML module
 * (its streaming parser: Jackson's own trees forget where a value was), so that every rubric
 * error can say {@code rubric.yaml:17: what is wrong}. Anchors on mappings and lists
 * ({@code - &server} before a rule), their aliases ({@code *server}) and merge keys
 * ({@code <<: *server}, the keys given beside it winning) are resolved here: Jackson's streaming
 * parser reports an alias as a string of the anchor's name, which read as is would give a rule
 * the text {@code server} without a word of warning. Jackson does not report an anchor on a
 * single value ({@code evidence: &seen …}), so an alias of one is an error that says so.
 */
final class Yaml {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();
    }

    /** A scalar; {@code text} is null for YAML's null ({@code ~}, or nothing after the colon). */
    record Scalar(String text, boolean number, boolean bool, int line) implements Node {
    }

    record Entry(String key, int line, Node value) {
    }

    record Mapping(Map<String, Entry> entries, int line) implements Node {
    }

    record Sequence(List<Node> items, int line) implements Node {
    }

    /** A syntax error, or a key given twice, at a line. */
    static final class SyntaxError extends Exception {
        final int line;

        SyntaxError(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private Yaml() {
    }

    static Node read(byte[] yaml) throws SyntaxError {
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Mapping(Map.of(), 1);
            }
            return node((YAMLParser) parser, new HashMap<>());
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String message = e.getOriginalMessage().lines().findFirst().orElse("syntax error").strip();
            throw new SyntaxError(where == null || where.getLineNr() < 1 ? 1 : where.getLineNr(), "YAML syntax: " + message);
        } catch (IOException e) {
            throw new SyntaxError(1, "YAML: " + e.getMessage());
        }
    }

    /** The node at the parser's current token; {@code anchors} holds the nodes anchored so far, by name. */
    private static Node node(YAMLParser parser, Map<String, Node> anchors) throws IOException, SyntaxError {
        int line = parser.currentTokenLocation().getLineNr();
        if (parser.isCurrentAlias()) {
            String name = parser.getText();
            Node anchored = anchors.get(name);
            if (anchored == null) {
                throw new SyntaxError(line, "*" + name + " names no mapping or list anchored &" + name + " above it"
                        + " (an anchor on a single value is not kept: write the value out)");
            }
            return anchored;
        }
        // A mapping's or a list's anchor is its object id; a scalar's is not reported at all.
        Object anchor = parser.getObjectId();
        Node node = value(parser, anchors, line);
        if (anchor != null) {
            anchors.put(anchor.toString(), node);
        }
        return node;
    }

    private static Node value(YAMLParser parser, Map<String, Node> anchors, int line) throws IOException, SyntaxError {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                var merged = new ArrayList<Entry>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    parser.nextToken();
                    Node value = node(parser, anchors);
                    if (key.equals("<<")) {
                        merged.addAll(mergedEntries(value, keyLine));
                        continue;
                    }
                    if (entries.containsKey(key)) {
                        throw new SyntaxError(keyLine, "'" + key + "' is given twice (first at line " + entries.get(key).line() + ")");
                    }
                    entries.put(key, new Entry(key, keyLine, value));
                }
                for (Entry entry : merged) {
                    entries.putIfAbsent(entry.key(), entry);
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY -> {
                var items = new ArrayList<Node>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(parser, anchors));
                }
                return new Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, false, false, line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(parser.getText(), true, false, line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(parser.getText(), false, true, line);
            }
            default -> {
                return new Scalar(parser.getText(), false, false, line);
            }
        }
    }

    /** What a merge key ({@code <<: *defaults}, or a list of them) brings into a mapping; earlier ones win. */
    private static List<Entry> mergedEntries(Node value, int line) throws SyntaxError {
        var entries = new ArrayList<Entry>();
        if (value instanceof Mapping mapping) {
            entries.addAll(mapping.entries().values());
        } else if (value instanceof Sequence sequence && sequence.items().stream().allMatch(Mapping.class::isInstance)) {
            for (Node item : sequence.items()) {
                entries.addAll(((Mapping) item).entries().values());
            }
        } else {
            throw new SyntaxError(line, "'<<' merges a mapping (<<: *defaults) or a list of them, not a "
                    + (value instanceof Sequence ? "list of values" : "single value"));
        }
        return entries;
    }
}
