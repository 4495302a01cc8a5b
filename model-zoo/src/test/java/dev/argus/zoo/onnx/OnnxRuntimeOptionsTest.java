package dev.argus.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.argus.zoo.Precision;
import dev.argus.zoo.network.OnnxRuntimeOptions;
import dev.argus.zoo.network.OnnxRuntimeOptions.Placement;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The GPU options, checked on a CPU-only machine: what this build has is read from ONNX Runtime itself;
 * the GPU build's provider set is given, to check what a GPU node would be told.
 */
class OnnxRuntimeOptionsTest {

    private static final Set<OrtProvider> GPU_BUILD = EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA, OrtProvider.TENSOR_RT);

    @Test
    void thisBuildIsCpuOnly() {
        Set<OrtProvider> here = OrtEnvironment.getAvailableProviders();
        assertTrue(here.contains(OrtProvider.CPU), here.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxRuntimeOptions(1, 1, false).place(Precision.FP32, here, "0"));
        assertTrue(e.getMessage().startsWith("the CUDA execution provider is not in this ONNX Runtime build"), e.getMessage());
    }

    @Test
    void cpuPlacementAndFp16Refusal() {
        assertEquals(new Placement(OrtProvider.CPU, -1, false),
                OnnxRuntimeOptions.DEFAULT.place(Precision.FP32, GPU_BUILD, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxRuntimeOptions.DEFAULT.place(Precision.FP16, GPU_BUILD, null));
        assertTrue(e.getMessage().startsWith("fp16 is refused on the CPU: ONNX Runtime's CPU provider has no FP16 kernels"),
                e.getMessage());
    }

    @Test
    void theGpuYarnAssignedIsDeviceZeroOfThoseVisible() {
        // the NodeManager gave physical GPU 3: CUDA renumbers the visible ones from 0
        assertEquals(new Placement(OrtProvider.CUDA, 0, false),
                new OnnxRuntimeOptions(2, 1, false).place(Precision.FP32, GPU_BUILD, "3"));
        assertEquals(new Placement(OrtProvider.TENSOR_RT, 0, true),
                new OnnxRuntimeOptions(1, 1, true).place(Precision.FP16, GPU_BUILD, "3"));
        assertEquals(new Placement(OrtProvider.CUDA, 0, false),
                new OnnxRuntimeOptions(1, 1, false).place(Precision.FP32, GPU_BUILD, null));
    }

    @Test
    void noGpuAssignedIsNamed() {
        for (String none : new String[]{"", "-1", "NoDevFiles"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new OnnxRuntimeOptions(1, 1, false).place(Precision.FP32, GPU_BUILD, none));
            assertTrue(e.getMessage().startsWith("--gpus 1 but no GPU is assigned to this process (CUDA_VISIBLE_DEVICES='"
                    + none + "')"), e.getMessage());
        }
    }

    @Test
    void fp16OnCudaNeedsTensorRt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxRuntimeOptions(1, 1, false).place(Precision.FP16, GPU_BUILD, "0"));
        assertTrue(e.getMessage().startsWith("fp16 on the CUDA provider needs an FP16 model; add --tensorrt"), e.getMessage());
    }

    @Test
    void tensorRtNeedsItsLibrariesAndCuda() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxRuntimeOptions(1, 1, true).place(Precision.FP32, EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA), "0"));
        assertTrue(e.getMessage().startsWith("the TENSOR_RT execution provider is not in this ONNX Runtime build"),
                e.getMessage());
    }

    @Test
    void badCombinationsAreRefusedWhenBuilt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OnnxRuntimeOptions(1, 0, true))
                .getMessage().equals("--tensorrt runs on a GPU: add --gpus 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OnnxRuntimeOptions(1, 2, false))
                .getMessage().startsWith("--gpus must be 0 or 1, got 2: one ONNX Runtime session runs on one GPU"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OnnxRuntimeOptions(0, 0, false))
                .getMessage().equals("ONNX Runtime threads must be at least 1, got 0"));
    }
}
