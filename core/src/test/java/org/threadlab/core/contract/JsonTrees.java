package org.threadlab.core.contract;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** JSON as the tests compare it: trees (member order ignored) and shapes (values ignored). */
public final class JsonTrees {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTrees() {
    }

    /** Parses a body, failing the test with {@code about} when it is not JSON. */
    public static JsonNode read(byte[] body, String about) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                fail("empty body where JSON was expected: " + about);
            }
            return node;
        } catch (IOException e) {
            return fail("body is not JSON (" + e.getMessage().lines().findFirst().orElse("") + "): " + about);
        }
    }

    /** A value as the API would write it, as a tree (written and read back, so numbers compare as parsed). */
    public static JsonNode tree(Object value) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The shape of a document: every member path with the kind of its value. Arrays contribute
     * the shape of their elements under {@code []}.
     */
    public static Map<String, String> shape(JsonNode node) {
        Map<String, String> shape = new TreeMap<>();
        shape("", node, shape);
        return shape;
    }

    private static void shape(String path, JsonNode node, Map<String, String> out) {
        out.put(path.isEmpty() ? "/" : path, node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                shape(path + "/" + field.getKey(), field.getValue(), out);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                shape(path + "/[]", element, out);
            }
        }
    }

    /**
     * Whether two shapes agree: the same paths with the same kinds, where a null member matches
     * anything (a nullable object, such as /stats' workerPool for models without a pool).
     */
    public static String shapeDifference(Map<String, String> a, Map<String, String> b) {
        StringBuilder diff = new StringBuilder();
        for (Map.Entry<String, String> e : a.entrySet()) {
            String other = b.get(e.getKey());
            if (other == null) {
                if (!underNull(e.getKey(), b)) {
                    diff.append("only in first: ").append(e.getKey()).append('\n');
                }
            } else if (!other.equals(e.getValue()) && !other.equals("null") && !e.getValue().equals("null")) {
                diff.append(e.getKey()).append(": ").append(e.getValue()).append(" vs ").append(other).append('\n');
            }
        }
        for (String path : b.keySet()) {
            if (!a.containsKey(path) && !underNull(path, a)) {
                diff.append("only in second: ").append(path).append('\n');
            }
        }
        return diff.toString();
    }

    private static boolean underNull(String path, Map<String, String> shape) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if ("null".equals(shape.get(path.substring(0, slash)))) {
                return true;
            }
        }
        return false;
    }
}
