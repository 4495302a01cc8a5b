package dev.argus.zoo.tfjs;

import java.util.List;

/**
 * One GraphDef node of a TF.js graph model.
 *
 * @param inputs        data inputs in order; {@code ^control} dependencies are kept apart because
 *                      SameDiff orders ops by data flow alone
 * @param controlInputs names of nodes this one must run after (only used for ordering)
 */
record GraphNode(String name, String op, List<TensorRef> inputs, List<String> controlInputs, NodeAttrs attrs) {

    TensorRef input(int i) throws TfjsImportException {
        if (i >= inputs.size()) {
            throw new TfjsImportException(this + " has " + inputs.size() + " inputs, expected at least " + (i + 1));
        }
        return inputs.get(i);
    }

    @Override
    public String toString() {
        return "node '" + name + "' (op " + op + ")";
    }
}
