package dev.argus.jobs;

/**
 * Where JavaCPP unpacks the native libraries (OpenCV, Leptonica, ND4J) a task loads. Chosen before the
 * first one loads, since JavaCPP reads the property once: never the user's home, which a YARN container
 * may not write and which containers of different jobs would share.
 */
public final class JavaCppCacheDir {

    static final String PROPERTY = "org.bytedeco.javacpp.cachedir";

    private JavaCppCacheDir() {
    }

    /**
     * {@code configured} when given (a node-local directory unpacks them once per node), else the
     * container's own temporary directory, removed with it. A directory already set for this JVM stays.
     */
    public static void choose(String configured) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, configured != null ? configured
                    : System.getProperty("java.io.tmpdir") + "/javacpp-cache");
        }
    }
}
