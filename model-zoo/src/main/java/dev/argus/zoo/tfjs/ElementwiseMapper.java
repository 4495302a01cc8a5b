package dev.argus.zoo.tfjs;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Two-input ops with NumPy broadcasting, which SameDiff's math ops share with TF. */
final class ElementwiseMapper implements OpMapper {

    enum Kind {
        ADD("Add"), ADD_V2("AddV2"), BIAS_ADD("BiasAdd"), SUB("Sub"), MUL("Mul"),
        FLOOR_DIV("FloorDiv"), FLOOR_MOD("FloorMod"), EQUAL("Equal");

        final String tfName;

        Kind(String tfName) {
            this.tfName = tfName;
        }
    }

    private final Kind kind;

    ElementwiseMapper(Kind kind) {
        this.kind = kind;
    }

    @Override
    public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
        if (kind == Kind.BIAS_ADD && !node.attrs().string("data_format", "NHWC").equals("NHWC")) {
            throw new TfjsImportException(node + ": BiasAdd with data_format "
                    + node.attrs().string("data_format", "") + " is not supported (NHWC only)");
        }
        SameDiff sd = g.sd();
        SDVariable a = g.var(node, 0);
        SDVariable b = g.var(node, 1);
        SDVariable y = switch (kind) {
            case ADD, ADD_V2, BIAS_ADD -> sd.math().add(a, b);
            case SUB -> sd.math().sub(a, b);
            case MUL -> sd.math().mul(a, b);
            case FLOOR_DIV -> sd.math().floorDiv(a, b);
            case FLOOR_MOD -> sd.math().floorMod(a, b);
            case EQUAL -> sd.eq(a, b);
        };
        return new SDVariable[] {y};
    }
}
