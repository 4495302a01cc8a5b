package dev.argus.zoo;

/** A detector that could not process a batch; the message names the model and the batch. */
public class DetectionException extends RuntimeException {

    public DetectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
