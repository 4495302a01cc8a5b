package dev.argus.zoo.bundle;

import java.util.List;
import java.util.Map;

/**
 * Which decoder turns the network's raw outputs into boxes, and its parameters. The parameters are
 * free-form per decoder type; the typed getters give a message naming the parameter when one is wrong.
 */
public record DecoderSpec(String type, Map<String, Object> params) {

    public DecoderSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("decoder type is missing");
        }
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public double doubleParam(String name, double fallback) {
        Object value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(name, "a number", value);
    }

    public int intParam(String name, int fallback) {
        Object value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw wrongType(name, "an integer", value);
    }

    public boolean booleanParam(String name, boolean fallback) {
        Object value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, "true or false", value);
    }

    public String stringParam(String name, String fallback) {
        Object value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(name, "a string", value);
    }

    public int[] intListParam(String name, int[] fallback) {
        Object value = params.get(name);
        if (value == null) {
            return fallback.clone();
        }
        if (value instanceof List<?> list) {
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    throw wrongType(name, "a list of integers", value);
                }
                out[i] = n.intValue();
            }
            return out;
        }
        throw wrongType(name, "a list of integers", value);
    }

    private IllegalArgumentException wrongType(String name, String expected, Object value) {
        return new IllegalArgumentException("decoder '" + type + "' parameter '" + name + "' must be "
                + expected + ", got " + value);
    }
}
