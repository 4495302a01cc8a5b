package dev.argus.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(IngestTool.DEFAULT_MAX_PIXELS, true);

    static Stream<Fixtures.Sample> samples() {
        return Fixtures.SAMPLES.values().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void readsFormatAndSizeOfEverySample(Fixtures.Sample sample) throws RejectedImage {
        ImageHeader header = inspector.inspect(Fixtures.sample(sample.file()));
        assertEquals(new ImageHeader(sample.format(), sample.width(), sample.height()), header);
    }

    @Test
    void headerAloneDoesNotDecode() throws RejectedImage {
        // A decode of 10^10 pixels would need 40 GB; reading the header must not try.
        ImageHeader header = ImageHeader.read(Fixtures.pngClaiming100000Squared());
        assertEquals(new ImageHeader("png", 100_000, 100_000), header);
    }

    @Test
    void rejectsHeadersAboveThePixelLimitBeforeDecoding() {
        assertReason("TooManyPixels", "above the limit", Fixtures.pngClaiming100000Squared());
        assertReason("TooManyPixels", "65000x65000", Fixtures.jpegClaiming65000Squared());
        RejectedImage small = assertThrows(RejectedImage.class,
                () -> new ImageInspector(1000, true).inspect(Fixtures.sample("rgb.jpg")));
        assertEquals("TooManyPixels", small.reason());
    }

    @Test
    void rejectsTruncatedJpeg() {
        assertReason("Truncated", "premature end", Fixtures.truncatedJpeg());
    }

    @Test
    void rejectsJpegWithGarbageInTheScanThoughEveryMarkerIsIntact() {
        assertReason("CorruptImage", "corrupt JPEG data, libjpeg warns", Fixtures.jpegWithGarbageInTheScan());
    }

    @Test
    void truncatedJpegPassesWhenTheDecodeCheckIsOff() throws RejectedImage {
        // The header is intact; only decoding finds the missing data. This is what the check buys.
        assertEquals(64, new ImageInspector(IngestTool.DEFAULT_MAX_PIXELS, false).inspect(Fixtures.truncatedJpeg()).width());
    }

    @Test
    void rejectsPngWithBrokenCrcEvenThoughImageIoWouldDecodeIt() {
        assertReason("BadCrc", "IDAT chunk fails its CRC", Fixtures.pngWithBrokenCrc());
    }

    @Test
    void rejectsTextNamedJpg() {
        assertReason("NotAnImage", "no image reader", Fixtures.textNamedJpg());
    }

    @Test
    void rejectsEmptyBytes() {
        assertReason("NotAnImage", "no image reader", new byte[0]);
    }

    private void assertReason(String reason, String messagePart, byte[] bytes) {
        RejectedImage rejected = assertThrows(RejectedImage.class, () -> inspector.inspect(bytes));
        assertEquals(reason, rejected.reason(), rejected.getMessage());
        assertTrue(rejected.getMessage().toLowerCase().contains(messagePart.toLowerCase()),
                "'" + rejected.getMessage() + "' should mention '" + messagePart + "'");
    }
}
