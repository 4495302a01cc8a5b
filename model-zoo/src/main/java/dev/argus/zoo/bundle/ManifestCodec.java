package dev.argus.zoo.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code bundle.json}. */
public final class ManifestCodec {

    /** The manifest's name at the root of every bundle. */
    public static final String FILE_NAME = "bundle.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // later formats may add fields; the format number guards incompatible changes
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ManifestCodec() {
    }

    static BundleManifest read(Path manifestFile, String bundleName) {
        BundleManifest manifest;
        try {
            manifest = MAPPER.readValue(manifestFile.toFile(), BundleManifest.class);
        } catch (JsonProcessingException e) {
            throw new BundleException("bundle " + bundleName + ": " + FILE_NAME + " is not a valid manifest: "
                    + rootMessage(e), e);
        } catch (IOException e) {
            throw new BundleException("bundle " + bundleName + ": cannot read " + FILE_NAME + ": " + e.getMessage(), e);
        }
        requireComplete(manifest, bundleName);
        return manifest;
    }

    static void write(BundleManifest manifest, Path manifestFile) throws IOException {
        Files.write(manifestFile, MAPPER.writeValueAsBytes(manifest));
    }

    private static void requireComplete(BundleManifest m, String bundleName) {
        String problem = null;
        if (m.format() != BundleManifest.FORMAT) {
            problem = "format " + m.format() + " is not supported (this reader knows format " + BundleManifest.FORMAT + ")";
        } else if (m.name() == null || m.name().isBlank()) {
            problem = "'name' is missing";
        } else if (m.architecture() == null || m.architecture().isBlank()) {
            problem = "'architecture' is missing";
        } else if (m.graph() == null || m.graph().isBlank()) {
            problem = "'graph' is missing";
        } else if (m.input() == null) {
            problem = "'input' is missing";
        } else if (m.labels().isEmpty()) {
            problem = "'labels' is missing or empty";
        } else if (m.decoder() == null) {
            problem = "'decoder' is missing";
        } else if (!m.files().containsKey(m.graph())) {
            problem = "the graph file '" + m.graph() + "' is not listed in 'files'";
        }
        if (problem != null) {
            throw new BundleException("bundle " + bundleName + ": " + FILE_NAME + ": " + problem);
        }
    }

    /** Jackson wraps a record constructor's own message several layers deep; that message is the useful one. */
    private static String rootMessage(JsonProcessingException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof JsonProcessingException j) {
            return j.getOriginalMessage() + " (line " + (j.getLocation() == null ? "?" : j.getLocation().getLineNr()) + ")";
        }
        return t.getMessage();
    }
}
