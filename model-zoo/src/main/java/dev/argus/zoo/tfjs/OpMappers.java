package dev.argus.zoo.tfjs;

import java.util.Map;
import java.util.TreeMap;

/** The registry of TF op name to {@link OpMapper}: every op the importer understands, and nothing else. */
final class OpMappers {

    private static final Map<String, OpMapper> MAPPERS = new TreeMap<>();

    static {
        register(new SourceMappers.Placeholder(), "Placeholder");
        register(new SourceMappers.Const(), "Const");
        register(new ConvolutionMapper(false), "Conv2D", "_FusedConv2D");
        register(new ConvolutionMapper(true), "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative");
        register(new PoolingMapper(), "MaxPool");
        register(new ResizeBilinearMapper(), "ResizeBilinear");
        for (ElementwiseMapper.Kind kind : ElementwiseMapper.Kind.values()) {
            register(new ElementwiseMapper(kind), kind.tfName);
        }
        for (ActivationMapper.Kind kind : ActivationMapper.Kind.values()) {
            register(new ActivationMapper(kind), kind.tfName);
        }
        register(new ShapeMappers.Reshape(), "Reshape");
        register(new ShapeMappers.ExpandDims(), "ExpandDims");
        register(new ShapeMappers.Transpose(), "Transpose");
        register(new ShapeMappers.Concat(), "ConcatV2");
        register(new ShapeMappers.SplitV(), "SplitV");
        register(new ShapeMappers.StridedSlice(), "StridedSlice");
        register(new ShapeMappers.Pad(), "Pad", "PadV2");
        register(new ShapeMappers.Cast(), "Cast");
        register(new ReductionMappers.Mean(), "Mean");
        register(new TopKMapper(), "TopKV2");
        register(new ReductionMappers.Gather(), "GatherV2");
        register(new SourceMappers.SparseToDense(), "SparseToDense");
    }

    private OpMappers() {}

    private static void register(OpMapper mapper, String... ops) {
        for (String op : ops) {
            MAPPERS.put(op, mapper);
        }
    }

    static OpMapper forOp(String op) {
        return MAPPERS.get(op);
    }

    static String supported() {
        return String.join(", ", MAPPERS.keySet());
    }
}
