package echolab.toolkit.evidence;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON output lines as rows: numbers stay numbers, booleans become {@code yes}/{@code no},
 * and a nested object's fields appear both as {@code parent_field} and, where no other field
 * has the name, as {@code field} ({@code latency_us_p99} and {@code p99}).
 */
final class JsonRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRows() {
    }

    /** The fields of {@code line} if it is one JSON object, else null. */
    static Map<String, Object> object(String line) {
        String text = line.strip();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                return null;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            Map<String, Object> lifted = new LinkedHashMap<>();
            flatten(node, "", fields, lifted);
            lifted.forEach(fields::putIfAbsent);
            return fields;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static Object scalar(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "yes" : "no";
        }
        return value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }

    private static void flatten(JsonNode node, String prefix, Map<String, Object> fields, Map<String, Object> lifted) {
        for (var entry : node.properties()) {
            String name = entry.getKey().replaceAll("[^A-Za-z0-9_]", "_");
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(value, prefix + name + "_", fields, lifted);
            } else {
                Object scalar = scalar(value);
                if (scalar != null) {
                    fields.put(prefix + name, scalar);
                    if (!prefix.isEmpty()) {
                        lifted.putIfAbsent(name, scalar);
                    }
                }
            }
        }
    }
}
