package echolab.toolkit.evidence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of a {@link Table}: field names (lower case, as rubric facts spell them) to values. */
public record Row(Map<String, Object> fields) {
    public Row {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The value of {@code field}, or null; the first one of a field that holds several. */
    public Object get(String field) {
        Object value = fields.get(field);
        return value instanceof List<?> list ? (list.isEmpty() ? null : list.getFirst()) : value;
    }

    /** Every value of {@code field}: none, one, or all of a field that holds several. */
    public List<Object> values(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return List.copyOf(list);
        }
        return List.of(value);
    }

    /** {@link #get} as a long, or {@code otherwise} when it is missing or not a whole number. */
    public long number(String field, long otherwise) {
        return get(field) instanceof Long n ? n : otherwise;
    }

    /** {@link #get} as text, or "" when it is missing. */
    public String text(String field) {
        Object value = get(field);
        return value == null ? "" : value.toString();
    }

    /** A field's value as a parser found it in the output: a whole number, a decimal, or the text itself. */
    public static Object value(String token) {
        int length = token.length();
        if (length == 0 || length > 18) {
            return token;
        }
        int start = token.charAt(0) == '-' ? 1 : 0;
        int dot = -1;
        for (int i = start; i < length; i++) {
            char c = token.charAt(i);
            if (c == '.' && dot < 0 && i > start && i < length - 1) {
                dot = i;
            } else if (c < '0' || c > '9') {
                return token;
            }
        }
        if (start == length) {
            return token;
        }
        return dot < 0 ? (Object) Long.parseLong(token) : (Object) Double.parseDouble(token);
    }
}
