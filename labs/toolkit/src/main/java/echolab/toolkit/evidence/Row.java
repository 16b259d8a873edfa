package echolab.toolkit.evidence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of a {@link Table}: field names to values (Long, Double or String), in the order they were read. */
public record Row(Map<String, Object> fields) {
    public Row {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field's value, or null when the row has no such field. */
    public Object get(String field) {
        return fields.get(field);
    }
}
