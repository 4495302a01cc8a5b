package dev.argus.zoo.bundle;

/** A model bundle that cannot be used: unreadable, incomplete, tampered with or malformed. */
public class BundleException extends RuntimeException {

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
