package dev.argus.zoo.preprocess;

/**
 * An image still in its file format: the bytes, a name for messages (its path or record key), its size
 * from the header as ingest recorded it (0 when unknown), and whether ingest's integrity check already
 * decoded every block of these exact bytes ({@code checked}: the native decode need not look for
 * corrupt entropy-coded data a second time).
 */
public record EncodedImage(byte[] bytes, String name, int width, int height, boolean checked) {

    public EncodedImage {
        if (bytes == null) {
            bytes = new byte[0];
        }
    }

    /** Bytes no integrity check has seen: the native decode is the strict one. */
    public EncodedImage(byte[] bytes, String name, int width, int height) {
        this(bytes, name, width, height, false);
    }

    public static EncodedImage of(byte[] bytes, String name) {
        return new EncodedImage(bytes, name, 0, 0);
    }

    /** The same image, marked as one whose bytes ingest's integrity check decoded whole. */
    public EncodedImage asChecked() {
        return new EncodedImage(bytes, name, width, height, true);
    }
}
