package dev.argus.zoo.postprocess;

import dev.argus.zoo.bundle.BundleManifest;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * The output decoders a bundle's manifest can name, keyed by {@code decoder.type}. A new decoder is one
 * more entry here; nothing else chooses between them.
 */
public final class OutputDecoders {

    /** Builds a decoder from the whole manifest (some read the input size or the class count). */
    @FunctionalInterface
    public interface Factory {
        OutputDecoder create(BundleManifest manifest);
    }

    private static final Map<String, Factory> BY_TYPE = new LinkedHashMap<>();

    static {
        BY_TYPE.put(CenterNetDecoder.TYPE, m -> new CenterNetDecoder(m.decoder(), m.labels().size()));
        BY_TYPE.put(NanoDetDecoder.TYPE, m -> new NanoDetDecoder(m.decoder(), m.labels().size(),
                m.input().width(), m.input().height()));
        BY_TYPE.put(YoloDecoder.TYPE, m -> new YoloDecoder(m.decoder(), m.labels().size()));
        BY_TYPE.put(YoloFpnDecoder.TYPE, m -> new YoloFpnDecoder(m.decoder(), m.labels().size()));
        BY_TYPE.put(DetrSetDecoder.TYPE, m -> new DetrSetDecoder(m.decoder(), m.labels().size(),
                m.input().width(), m.input().height()));
        // bring-your-own ONNX detectors, in the layouts their exports have
        BY_TYPE.put(YoloV5Decoder.TYPE, m -> new YoloV5Decoder(m.decoder(), m.labels().size()));
        BY_TYPE.put(YoloV8Decoder.TYPE, m -> new YoloV8Decoder(m.decoder(), m.labels().size()));
        BY_TYPE.put(RtDetrDecoder.TYPE, m -> new RtDetrDecoder(m.decoder(), m.labels().size(),
                m.input().width(), m.input().height()));
        BY_TYPE.put(PackedDetectionsDecoder.TYPE, m -> new PackedDetectionsDecoder(m.decoder(), m.labels().size(),
                m.input().width(), m.input().height()));
        BY_TYPE.put(BoxesScoresClassesDecoder.TYPE, m -> new BoxesScoresClassesDecoder(m.decoder(), m.labels().size(),
                m.input().width(), m.input().height()));
    }

    private OutputDecoders() {
    }

    /** The decoder {@code manifest} names; an unknown type is an {@link IllegalArgumentException} listing the known ones. */
    public static OutputDecoder forManifest(BundleManifest manifest) {
        String type = manifest.decoder().type();
        Factory factory = BY_TYPE.get(type);
        if (factory == null) {
            throw new IllegalArgumentException("unknown decoder type '" + type + "' (known: "
                    + String.join(", ", BY_TYPE.keySet()) + ")");
        }
        return factory.create(manifest);
    }
}
