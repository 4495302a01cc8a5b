package dev.argus.zoo.tfjs;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** One-input element-wise ops. */
final class ActivationMapper implements OpMapper {

    enum Kind {
        RELU("Relu"), RELU6("Relu6"), SIGMOID("Sigmoid"), LEAKY_RELU("LeakyRelu"), IDENTITY("Identity");

        final String tfName;

        Kind(String tfName) {
            this.tfName = tfName;
        }
    }

    private final Kind kind;

    ActivationMapper(Kind kind) {
        this.kind = kind;
    }

    @Override
    public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
        SameDiff sd = g.sd();
        if (kind == Kind.IDENTITY) {
            return new SDVariable[] {sd.identity(g.var(node, 0))};
        }
        // element-wise, so it runs on the input as stored, whatever its layout
        GraphBuilder.Permuted in = g.permuted(node.input(0));
        if (in.perm() != null) {
            g.storePermuted(node, in.perm());
        }
        SDVariable x = in.stored();
        SDVariable y = switch (kind) {
            case RELU -> sd.nn().relu(x, 0);
            case RELU6 -> sd.nn().relu6(x, 0);
            case SIGMOID -> sd.nn().sigmoid(x);
            case LEAKY_RELU -> sd.nn().leakyRelu(x, node.attrs().number("alpha", 0.2));
            case IDENTITY -> throw new IllegalStateException("handled above");
        };
        return new SDVariable[] {y};
    }
}
