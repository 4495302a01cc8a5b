package dev.argus.jobs.partition;

import java.io.IOException;

/** The one failure that fails a detect run: the model could not be found, verified or loaded. */
public final class ModelLoadException extends IOException {

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelLoadException(String message) {
        super(message);
    }
}
