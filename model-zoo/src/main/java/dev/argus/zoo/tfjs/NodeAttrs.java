package dev.argus.zoo.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@code attr} map of a GraphDef node in its JSON form: ints are decimal strings, strings are
 * base64 (so {@code "TkhXQw=="} is {@code NHWC}), lists sit under {@code list.i} / {@code list.s}.
 */
final class NodeAttrs {

    private final JsonNode attrs;
    NodeAttrs(JsonNode attrs) {
        this.attrs = attrs == null ? MissingNode.getInstance() : attrs;
    }

    boolean has(String name) {
        return attrs.has(name);
    }

    String string(String name, String fallback) {
        JsonNode s = attrs.path(name).path("s");
        return s.isMissingNode() ? fallback : decode(s.asText());
    }

    List<String> strings(String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : attrs.path(name).path("list").path("s")) {
            out.add(decode(s.asText()));
        }
        return out;
    }

    long[] ints(String name, long... fallback) {
        JsonNode list = attrs.path(name).path("list");
        if (list.isMissingNode()) {
            return fallback;
        }
        JsonNode i = list.path("i");
        long[] out = new long[i.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = Long.parseLong(i.get(k).asText());
        }
        return out.length == 0 ? fallback : out;
    }

    long integer(String name, long fallback) {
        JsonNode i = attrs.path(name).path("i");
        return i.isMissingNode() ? fallback : Long.parseLong(i.asText());
    }

    double number(String name, double fallback) {
        JsonNode f = attrs.path(name).path("f");
        return f.isMissingNode() ? fallback : f.asDouble();
    }

    boolean flag(String name, boolean fallback) {
        JsonNode b = attrs.path(name).path("b");
        return b.isMissingNode() ? fallback : b.asBoolean();
    }

    /** A {@code type} attr such as {@code DT_FLOAT}. */
    String type(String name, String fallback) {
        JsonNode t = attrs.path(name).path("type");
        return t.isMissingNode() ? fallback : t.asText();
    }

    /** The {@code dim} list of a {@code shape} attr (a Placeholder's declared shape). */
    JsonNode shapeDims() {
        return attrs.path("shape").path("shape").path("dim");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
