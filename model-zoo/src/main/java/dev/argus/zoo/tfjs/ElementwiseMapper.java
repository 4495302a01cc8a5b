package dev.argus.zoo.tfjs;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

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
        SDVariable[] ab = storedOperands(node, g);
        SDVariable a = ab[0];
        SDVariable b = ab[1];
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

    /**
     * The operands, on stored layouts where that is exact: both stored with the same permutation, or
     * one permuted and the other a constant scalar or per-channel vector (a bias), which is then
     * reshaped to broadcast along the stored position of TF's last axis. Otherwise both in TF layout.
     */
    private SDVariable[] storedOperands(GraphNode node, GraphBuilder g) throws TfjsImportException {
        boolean arithmetic = kind == Kind.ADD || kind == Kind.ADD_V2 || kind == Kind.SUB || kind == Kind.MUL;
        GraphBuilder.Permuted a = g.permuted(node.input(0));
        GraphBuilder.Permuted b = g.permuted(node.input(1));
        if (!arithmetic || (a.perm() == null && b.perm() == null)) {
            return new SDVariable[] {g.var(node, 0), g.var(node, 1)};
        }
        if (a.perm() != null && b.is(a.perm())) {
            g.storePermuted(node, a.perm());
            return new SDVariable[] {a.stored(), b.stored()};
        }
        int permutedSide = a.perm() != null ? 0 : 1;
        GraphBuilder.Permuted p = permutedSide == 0 ? a : b;
        int other = 1 - permutedSide;
        if (g.isStatic(node.input(other)) && g.permuted(node.input(other)).perm() == null) {
            INDArray c = g.staticValue(node, other, "operand");
            if (c.rank() <= 1) {
                int rank = p.perm().length;
                SDVariable constant = g.var(node, other);
                if (c.rank() == 1 && c.length() > 1) {
                    // TF broadcasts a vector along its last axis; find where that axis is stored
                    long[] shape = new long[rank - p.storedAxis(rank - 1)];
                    java.util.Arrays.fill(shape, 1);
                    shape[0] = c.length();
                    constant = g.sd().constant(c.reshape(shape));
                }
                g.storePermuted(node, p.perm());
                return permutedSide == 0 ? new SDVariable[] {p.stored(), constant} : new SDVariable[] {constant, p.stored()};
            }
        }
        return new SDVariable[] {g.var(node, 0), g.var(node, 1)};
    }
}
