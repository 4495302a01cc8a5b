package dev.argus.zoo.preprocess;

/**
 * An image still in its file format: the bytes, a name for messages (its path or record key), and its
 * size from the header as ingest recorded it (0 when unknown).
 */
public record EncodedImage(byte[] bytes, String name, int width, int height) {

    public EncodedImage {
        if (bytes == null) {
            bytes = new byte[0];
        }
    }

    public static EncodedImage of(byte[] bytes, String name) {
        return new EncodedImage(bytes, name, 0, 0);
    }
}
