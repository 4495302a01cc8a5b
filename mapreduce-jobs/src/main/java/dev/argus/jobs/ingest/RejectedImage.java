package dev.argus.jobs.ingest;

/**
 * An input that ingest will not pack, with a short stable reason code (it becomes
 * {@code ImageError.error_class}) and a message a person can act on.
 */
public final class RejectedImage extends Exception {

    private final String reason;

    public RejectedImage(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectedImage(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
