package echolab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\"", Json.write("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\"", Json.write("\n\r\t"));
        assertEquals("\"\\u0000\\u0001\\u001f\"", Json.write("\0\u0001\u001f"));
        assertEquals("\" ~\u00e9\u20ac\"", Json.write(" ~\u00e9\u20ac"));
    }

    @Test
    void writesScalarsAsJsonValues() {
        assertEquals("null", Json.write(null));
        assertEquals("true", Json.write(true));
        assertEquals("42", Json.write(42));
        assertEquals("-7", Json.write(-7L));
        assertEquals("1.5", Json.write(1.5));
        assertEquals("null", Json.write(Double.NaN));
        assertEquals("null", Json.write(Double.POSITIVE_INFINITY));
    }

    @Test
    void writesMapsInTheirOrderAndNestedListsAndMaps() {
        var map = new LinkedHashMap<String, Object>();
        map.put("event", "closed");
        map.put("conn", 3);
        map.put("tags", List.of("a", 1, false));
        map.put("inner", Map.of("k\"ey", "v"));
        map.put("none", null);
        assertEquals("{\"event\":\"closed\",\"conn\":3,\"tags\":[\"a\",1,false],\"inner\":{\"k\\\"ey\":\"v\"},\"none\":null}",
                Json.write(map));
        assertEquals("[]", Json.write(List.of()));
        assertEquals("{}", Json.write(Map.of()));
        assertEquals("[null]", Json.write(Arrays.asList((Object) null)));
    }
}
