package dev.argus.jobs.convert;

import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.convert.BundleConverter;
import dev.argus.zoo.convert.ConvertedBundle;
import dev.argus.zoo.convert.OnnxConversionException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

/**
 * {@code argus convert --to onnx BUNDLE OUT}: writes an ONNX bundle equivalent to {@code BUNDLE} (a
 * DL4J-trained or TF.js bundle, directory or zip) into the new directory {@code OUT}. Its two operands
 * are positional, which {@link CommandLineTool} does not take, so this tool reads its few arguments
 * itself with the same conventions: {@code --help} prints usage; a usage error is one line and exit 2.
 */
public final class ConvertTool extends Configured implements Tool {

    static final String USAGE = "argus convert --to onnx BUNDLE OUT";

    @Override
    public int run(String[] args) throws Exception {
        List<String> list = List.of(args);
        if (list.contains("--help") || list.contains("-h")) {
            System.out.println("Usage: " + USAGE);
            System.out.println("Writes an ONNX bundle (architecture \"onnx\", model.onnx) that computes what BUNDLE's"
                    + " network computes, with the same input, labels and decoder, into the new or empty directory OUT.");
            return 0;
        }
        String target = null;
        List<String> operands = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--to")) {
                if (i + 1 == args.length) {
                    return usageError("--to needs a format (onnx)");
                }
                target = args[++i];
            } else if (args[i].startsWith("-")) {
                return usageError("unknown option '" + args[i] + "'");
            } else {
                operands.add(args[i]);
            }
        }
        if (target == null) {
            return usageError("--to is missing");
        }
        if (!target.equals("onnx")) {
            return usageError("--to must be onnx, got '" + target + "'");
        }
        if (operands.size() != 2) {
            return usageError("expected BUNDLE and OUT, got " + operands.size() + " operand(s)");
        }
        Path bundle = Path.of(operands.get(0));
        Path out = Path.of(operands.get(1));
        try (ConvertedBundle converted = BundleConverter.toOnnx(bundle, out)) {
            System.out.println("wrote " + converted.describe() + ": architecture " + converted.manifest().architecture()
                    + ", graph " + converted.manifest().graph());
            for (String output : converted.leftOut()) {
                System.out.println("left out output " + output);
            }
            return 0;
        } catch (OnnxConversionException | BundleException | java.io.IOException e) {
            System.err.println("argus convert: " + e.getMessage());
            return 1;
        }
    }

    private static int usageError(String message) {
        System.err.println("argus convert: " + message + " (usage: " + USAGE + ")");
        return CommandLineTool.USAGE_ERROR;
    }
}
