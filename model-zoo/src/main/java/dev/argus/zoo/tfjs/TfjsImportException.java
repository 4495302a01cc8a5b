package dev.argus.zoo.tfjs;

import java.io.IOException;

/** A TF.js graph model that cannot be turned into a SameDiff graph; the message names the file, node or op. */
public class TfjsImportException extends IOException {

    public TfjsImportException(String message) {
        super(message);
    }

    public TfjsImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
