package dev.argus.zoo.preprocess;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The marker structure of a JPEG, walked without decoding a pixel: the frame's size, components and
 * coding, whether a colour profile or an Adobe colour transform is declared, and whether the stream is
 * whole. A stream that ends before its end-of-image marker, or that carries a marker where none may
 * stand (inside the entropy-coded data, restart markers out of turn), is an {@link ImageDecodeException}.
 *
 * <p>Why it exists: it tells a cut-off file from a corrupt one and picks the decoder (native or today's
 * ImageIO one) before a pixel is decoded, for about a byte compare per byte of the file. Damage inside
 * the Huffman-coded bits that keeps the markers intact is beyond it: {@link StrictJpegDecode} finds that.
 */
public record JpegStructure(int width, int height, int components, int frameMarker, boolean colourProfile,
        boolean srgbProfile, int adobeTransform) {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.US_ASCII);

    /** Empty when the bytes are not a JPEG at all; a damaged JPEG throws. */
    public static Optional<JpegStructure> read(byte[] b, String name) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != SOI) {
            return Optional.empty();
        }
        int width = 0;
        int height = 0;
        int components = 0;
        int frame = 0;
        boolean icc = false;
        boolean srgb = false;
        int adobe = -1;
        boolean scanned = false;
        int pos = 2;
        while (true) {
            if (pos >= b.length || (b[pos] & 0xFF) != 0xFF) {
                throw pos >= b.length ? truncated(name, b) : corrupt(name, b, "no marker at byte " + pos);
            }
            while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
                pos++; // fill bytes before a marker
            }
            if (pos >= b.length) {
                throw truncated(name, b);
            }
            int marker = b[pos++] & 0xFF;
            if (marker == EOI) {
                if (frame == 0 || !scanned) {
                    throw corrupt(name, b, "end-of-image marker before any " + (frame == 0 ? "frame" : "scan"));
                }
                return Optional.of(new JpegStructure(width, height, components, frame, icc, srgb, adobe));
            }
            if (marker < 0xC0 || (marker >= 0xD0 && marker <= 0xD8)) {
                throw corrupt(name, b, String.format("marker 0x%02X where a segment must start, at byte %d", marker, pos - 2));
            }
            if (pos + 2 > b.length) {
                throw truncated(name, b);
            }
            int length = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            if (length < 2) {
                throw corrupt(name, b, String.format("segment 0x%02X claims %d bytes", marker, length));
            }
            if (pos + length > b.length) {
                throw truncated(name, b);
            }
            if (isFrame(marker) && frame == 0) {
                if (length < 8) {
                    throw corrupt(name, b, "frame header too short");
                }
                frame = marker;
                height = ((b[pos + 3] & 0xFF) << 8) | (b[pos + 4] & 0xFF);
                width = ((b[pos + 5] & 0xFF) << 8) | (b[pos + 6] & 0xFF);
                components = b[pos + 7] & 0xFF;
            } else if (marker == 0xE2 && startsWith(b, pos + 2, length - 2, ICC)) {
                icc = true;
                srgb |= describesSrgb(b, pos + 2 + ICC.length + 2, pos + length);
            } else if (marker == 0xEE && length >= 14 && startsWith(b, pos + 2, length - 2, ADOBE)) {
                adobe = b[pos + 13] & 0xFF;
            }
            pos += length;
            if (marker == SOS) {
                if (frame == 0) {
                    throw corrupt(name, b, "scan before any frame header");
                }
                scanned = true;
                pos = endOfScan(b, pos, name);
            }
        }
    }

    /** Whether OpenCV's decoder gives the pixels today's ImageIO decoder gives (else the caller falls back to it). */
    public boolean decodesNatively() {
        // CMYK/YCCK: libjpeg hands back inverted or unconverted ink; a non-sRGB profile: ImageIO converts colours
        return verifiesNatively() && (!colourProfile || srgbProfile);
    }

    /**
     * Whether libjpeg-turbo's 8-bit decoder reads every block of it ({@link StrictJpegDecode#verify}):
     * Huffman-coded baseline, extended or progressive, grey or three-component, whatever its colour profile.
     */
    public boolean verifiesNatively() {
        return (frameMarker == 0xC0 || frameMarker == 0xC1 || frameMarker == 0xC2) && (components == 3 || components == 1);
    }

    /** Steps over entropy-coded data to the next real marker, checking stuffing and the restart-marker sequence. */
    private static int endOfScan(byte[] b, int pos, String name) {
        int nextRestart = 0;
        while (true) {
            if (pos + 1 >= b.length) {
                throw truncated(name, b);
            }
            if ((b[pos] & 0xFF) != 0xFF) {
                pos++;
                continue;
            }
            int next = b[pos + 1] & 0xFF;
            if (next == 0x00) {
                pos += 2;
            } else if (next == 0xFF) {
                pos++;
            } else if (next >= 0xD0 && next <= 0xD7) {
                if (next - 0xD0 != nextRestart) {
                    throw corrupt(name, b, String.format("restart marker RST%d where RST%d was due, at byte %d",
                            next - 0xD0, nextRestart, pos));
                }
                nextRestart = (nextRestart + 1) & 7;
                pos += 2;
            } else if (next == EOI || next == SOS || next == 0xC4 || next == 0xCC || next == 0xDB || next == 0xDD
                    || next == 0xDC || (next >= 0xE0 && next <= 0xEF) || next == 0xFE) {
                return pos;
            } else {
                throw corrupt(name, b, String.format("marker 0x%02X inside the scan data, at byte %d", next, pos));
            }
        }
    }

    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean startsWith(byte[] b, int from, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the profile (its first chunk from {@code from}, up to {@code end}) has a description ('desc'
     * tag) naming sRGB, in ASCII (ICC v2 'desc') or UTF-16 (v4 'mluc', read with its zero bytes dropped).
     */
    private static boolean describesSrgb(byte[] b, int from, int end) {
        if (end - from < 132) {
            return false;
        }
        int tags = readInt(b, from + 128);
        for (int t = 0; t < tags && from + 144 + 12 * t <= end; t++) {
            int entry = from + 132 + 12 * t;
            if (readInt(b, entry) == 0x64657363) { // 'desc'
                int offset = from + readInt(b, entry + 4);
                int size = readInt(b, entry + 8);
                if (offset < from || size < 0 || offset + size > end) {
                    return false;
                }
                String text = new String(b, offset, size, StandardCharsets.ISO_8859_1).replace("\0", "");
                // "sRGB IEC61966-2.1", "sRGB built-in"; not Java's "linear sRGB", whose gamma differs
                return text.contains("sRGB") && !text.toLowerCase(java.util.Locale.ROOT).contains("linear");
            }
        }
        return false;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static ImageDecodeException truncated(String name, byte[] b) {
        return new TruncatedImageException(name + ": corrupt or truncated image (" + b.length
                + " bytes): truncated JPEG, premature end of the data before its end-of-image marker");
    }

    private static ImageDecodeException corrupt(String name, byte[] b, String what) {
        return new ImageDecodeException(name + ": corrupt or truncated image (" + b.length + " bytes): corrupt JPEG, " + what);
    }
}
