package echolab.toolkit.grade;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document as a tree whose every node knows its line, read with Jackson's YAML module
 * (its streaming parser: Jackson's own trees forget where a value was), so that every rubric
 * error can say {@code rubric.yaml:17: what is wrong}.
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
            return node(parser);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String message = e.getOriginalMessage().lines().findFirst().orElse("syntax error").strip();
            throw new SyntaxError(where == null || where.getLineNr() < 1 ? 1 : where.getLineNr(), "YAML syntax: " + message);
        } catch (IOException e) {
            throw new SyntaxError(1, "YAML: " + e.getMessage());
        }
    }

    private static Node node(JsonParser parser) throws IOException, SyntaxError {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    parser.nextToken();
                    Node value = node(parser);
                    if (entries.containsKey(key)) {
                        throw new SyntaxError(keyLine, "'" + key + "' is given twice (first at line " + entries.get(key).line() + ")");
                    }
                    entries.put(key, new Entry(key, keyLine, value));
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY -> {
                var items = new ArrayList<Node>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(parser));
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
}
