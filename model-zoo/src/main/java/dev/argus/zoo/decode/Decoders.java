package dev.argus.zoo.decode;

import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.detr.DetrDecoder;

/** Picks the decoder a bundle's manifest names. */
public final class Decoders {

    private Decoders() {
    }

    public static OutputDecoder forManifest(BundleManifest manifest) {
        String type = manifest.decoder().type();
        int classes = manifest.labels().size();
        return switch (type) {
            case CenterNetDecoder.TYPE -> new CenterNetDecoder(manifest.decoder(), classes);
            case NanoDetDecoder.TYPE -> new NanoDetDecoder(manifest.decoder(), classes,
                    manifest.input().width(), manifest.input().height());
            case dev.argus.zoo.arch.YoloDecoder.TYPE -> new dev.argus.zoo.arch.YoloDecoder(manifest.decoder(), classes);
            case DetrDecoder.TYPE -> new DetrDecoder(manifest.decoder(), classes, manifest.input().width(),
                    manifest.input().height());
            default -> throw new IllegalArgumentException("unknown decoder type '" + type
                    + "' (known: " + CenterNetDecoder.TYPE + ", " + NanoDetDecoder.TYPE + ", "
                    + dev.argus.zoo.arch.YoloDecoder.TYPE + ", " + DetrDecoder.TYPE + ")");
        };
    }
}
