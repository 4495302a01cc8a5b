package dev.argus.zoo.tfjs;

/**
 * One output of one graph node, as GraphDef input strings spell it: {@code "conv"} is output 0 of
 * node {@code conv}, {@code "TopKV2:1"} output 1 of {@code TopKV2}.
 */
record TensorRef(String node, int index) {

    static TensorRef parse(String input) {
        int colon = input.lastIndexOf(':');
        if (colon > 0 && colon < input.length() - 1 && input.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return new TensorRef(input.substring(0, colon), Integer.parseInt(input.substring(colon + 1)));
        }
        return new TensorRef(input, 0);
    }

    @Override
    public String toString() {
        return index == 0 ? node : node + ":" + index;
    }
}
