package dev.argus.zoo.network;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import dev.argus.zoo.Precision;
import java.util.Set;

/**
 * How an ONNX Runtime session is set up: CPU threads, and whether it runs on a GPU (CUDA provider, or
 * TensorRT with CUDA behind it). The GPU providers are only registered when asked for, and everything
 * that cannot work here is refused before the session is built, with the reason.
 *
 * @param intraOpThreads threads one operator may use: the task's thread budget (inter-op stays 1, the
 *                       detection graphs are chains)
 * @param gpus           0 for the CPU, 1 for the first GPU this process sees (on YARN: the one the
 *                       NodeManager's GPU plugin assigned, through {@code CUDA_VISIBLE_DEVICES})
 * @param tensorrt       the TensorRT provider (needs {@code gpus} 1); also the way to FP16
 */
public record OnnxRuntimeOptions(int intraOpThreads, int gpus, boolean tensorrt) {

    public static final OnnxRuntimeOptions DEFAULT = new OnnxRuntimeOptions(1, 0, false);

    public OnnxRuntimeOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("ONNX Runtime threads must be at least 1, got " + intraOpThreads);
        }
        if (gpus < 0 || gpus > 1) {
            throw new IllegalArgumentException("--gpus must be 0 or 1, got " + gpus + ": one ONNX Runtime session"
                    + " runs on one GPU (run more tasks per node to use more GPUs)");
        }
        if (tensorrt && gpus == 0) {
            throw new IllegalArgumentException("--tensorrt runs on a GPU: add --gpus 1");
        }
    }

    public OnnxRuntimeOptions withThreads(int threads) {
        return new OnnxRuntimeOptions(threads, gpus, tensorrt);
    }

    /** Where a session runs, once checked against the runtime and the machine. */
    public record Placement(OrtProvider provider, int deviceOrdinal, boolean fp16) {
    }

    /**
     * Checks these options against what this ONNX Runtime build has and what the process was given.
     *
     * @param available          the build's providers ({@code OrtEnvironment.getAvailableProviders()})
     * @param cudaVisibleDevices the {@code CUDA_VISIBLE_DEVICES} value, null when unset
     * @throws IllegalArgumentException naming what is missing
     */
    public Placement place(Precision precision, Set<OrtProvider> available, String cudaVisibleDevices) {
        if (gpus == 0) {
            if (precision == Precision.FP16) {
                throw new IllegalArgumentException("fp16 is refused on the CPU: ONNX Runtime's CPU provider has no"
                        + " FP16 kernels for these convolutions (it would cast back and forth, slower than fp32);"
                        + " use fp32, or fp16 with --gpus 1 --tensorrt on a GPU node");
            }
            return new Placement(OrtProvider.CPU, -1, false);
        }
        OrtProvider wanted = tensorrt ? OrtProvider.TENSOR_RT : OrtProvider.CUDA;
        for (OrtProvider needed : tensorrt ? new OrtProvider[]{OrtProvider.TENSOR_RT, OrtProvider.CUDA}
                : new OrtProvider[]{OrtProvider.CUDA}) {
            if (!available.contains(needed)) {
                throw new IllegalArgumentException("the " + needed + " execution provider is not in this ONNX Runtime"
                        + " build (it has " + available + "): build with -Pgpu (onnxruntime_gpu) and run on a GPU node");
            }
        }
        if (precision == Precision.FP16 && !tensorrt) {
            throw new IllegalArgumentException("fp16 on the CUDA provider needs an FP16 model; add --tensorrt to let"
                    + " TensorRT run this fp32 model in FP16");
        }
        if (cudaVisibleDevices != null) {
            String v = cudaVisibleDevices.trim();
            if (v.isEmpty() || v.equals("-1") || v.equalsIgnoreCase("none") || v.equalsIgnoreCase("NoDevFiles")) {
                throw new IllegalArgumentException("--gpus 1 but no GPU is assigned to this process (CUDA_VISIBLE_DEVICES='"
                        + cudaVisibleDevices + "'); on YARN, enable the NodeManager's GPU plugin (yarn.io/gpu)");
            }
        }
        // CUDA numbers the visible devices from 0, whichever physical GPUs CUDA_VISIBLE_DEVICES names
        return new Placement(wanted, 0, precision == Precision.FP16);
    }

    /** Session options for {@code placement}: threads, no spinning, full graph optimisation, the providers. */
    SessionOptions sessionOptions(Placement placement) throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            // idle worker threads sleep instead of spinning: several tasks share a node's cores
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (placement.provider() == OrtProvider.TENSOR_RT) {
                OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(placement.deviceOrdinal());
                if (placement.fp16()) {
                    trt.add("trt_fp16_enable", "1");
                }
                options.addTensorrt(trt);
            }
            if (placement.provider() != OrtProvider.CPU) {
                // after TensorRT: the nodes it cannot take run on CUDA, not on the CPU
                options.addCUDA(placement.deviceOrdinal());
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
