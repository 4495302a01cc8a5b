package dev.argus.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.network.OnnxRuntimeNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime 1.29 overflows the default thread stack while starting when the JVM's command line is
 * long (it died with SIGSEGV, no error report, under {@code java -cp <4 KB of jars>}). A child JVM with
 * an 8 KB command line loads and runs a model.
 */
class LongCommandLineTest {

    @TempDir
    Path tmp;

    @Test
    void onnxRuntimeStartsUnderALongCommandLine() throws Exception {
        Path model = new TinyOnnxModel("images", -1, 3, 8, 8)
                .output("output0", new long[]{2}, new float[]{1, 2}, new float[]{10, 10}, -1, 2)
                .writeTo(tmp.resolve("model.onnx"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(List.of(java, "-Dargus.padding=" + "x".repeat(8000),
                "-cp", System.getProperty("java.class.path"), Start.class.getName(), model.toString()))
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), "the child JVM died (139 = SIGSEGV): " + out);
        assertTrue(out.contains("output0 [1.0, 2.0]"), out);
    }

    /** The child: loads the model and prints its output for a black image. */
    public static final class Start {
        public static void main(String[] args) throws Exception {
            try (OnnxRuntimeNetwork network = OnnxRuntimeNetwork.load(Path.of(args[0]))) {
                float[] out = network.run(org.nd4j.linalg.factory.Nd4j.zeros(1, 3, 8, 8)).get("output0").toFloatVector();
                System.out.println("output0 " + java.util.Arrays.toString(out));
            }
        }
    }
}
