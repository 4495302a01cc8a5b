package dev.argus.jobs.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Checks the CRC of every chunk of a PNG. The JDK's PNG reader never looks at chunk CRCs (a PNG
 * with a flipped CRC byte decodes without a word), and no maintained Java library offers the check
 * on its own, so it is done here with the JDK's CRC32: a corrupt PNG is rejected at ingest instead
 * of being packed.
 */
final class PngChunks {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngChunks() {
    }

    static boolean isPng(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** Walks the chunks up to IEND; throws on a bad CRC or on bytes that end before IEND. */
    static void verify(byte[] bytes) throws RejectedImage {
        ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian, as PNG
        in.position(SIGNATURE.length);
        CRC32 crc = new CRC32();
        while (true) {
            if (in.remaining() < 12) {
                throw new RejectedImage("Truncated", "the PNG ends before its IEND chunk");
            }
            long length = Integer.toUnsignedLong(in.getInt());
            int typeAt = in.position();
            String type = new String(bytes, typeAt, 4, StandardCharsets.ISO_8859_1);
            if (length > in.remaining() - 8) {
                throw new RejectedImage("Truncated", "the PNG ends inside its " + type + " chunk");
            }
            crc.reset();
            crc.update(bytes, typeAt, 4 + (int) length);
            in.position(typeAt + 4 + (int) length);
            long stored = Integer.toUnsignedLong(in.getInt());
            if (stored != crc.getValue()) {
                throw new RejectedImage("BadCrc", String.format(
                        "the PNG's %s chunk fails its CRC (stored %08x, computed %08x)", type, stored, crc.getValue()));
            }
            if (type.equals("IEND")) {
                return;
            }
        }
    }
}
