package dev.argus.zoo.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A saved graph (the model.zip of a trained bundle) names its custom layers and losses by class name in
 * its JSON configuration, and a bundle's checksum covers that file: these classes must keep their
 * names and packages, or trained bundles stop loading. The list here is the README's "Saved graphs"
 * table; a new custom layer or loss fails this test until it is added to both.
 */
class SavedGraphClassesTest {

    private static final Pattern PROJECT_CLASS = Pattern.compile("\"@class\"\\s*:\\s*\"(dev\\.argus\\.[\\w.$]+)\"");

    @ParameterizedTest
    @EnumSource(DetectorArchitecture.Head.class)
    void aSavedGraphNamesOnlyTheListedClassesAndLoadsBackFromItsJson(DetectorArchitecture.Head head) {
        String json = new DetectorArchitecture(head, true, true, 64, 4, 3).configuration(7, 1e-3).toJson();
        Set<String> named = new TreeSet<>();
        Matcher m = PROJECT_CLASS.matcher(json);
        while (m.find()) {
            named.add(m.group(1));
        }
        Set<String> expected = switch (head) {
            case YOLO -> Set.of("dev.argus.zoo.arch.YoloLoss");
            case YOLO2 -> Set.of();
            case CENTERNET -> Set.of("dev.argus.zoo.arch.FocalLoss", "dev.argus.zoo.arch.MaskedL1Loss");
            case DETR -> Set.of("dev.argus.zoo.detr.DetrTransformer", "dev.argus.zoo.detr.SetPredictionLoss");
        };
        assertEquals(new TreeSet<>(expected), named);
        assertEquals(json, ComputationGraphConfiguration.fromJson(json).toJson());
    }
}
