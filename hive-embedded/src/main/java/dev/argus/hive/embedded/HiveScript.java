package dev.argus.hive.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HiveQL file from {@code scripts/hive/}, split into statements the way the Hive CLI and Beeline
 * split them: at semicolons outside quotes, with {@code --} comment lines dropped. A statement may be
 * named with a {@code -- name: <name>} line just before it, so tests can run one example by name.
 */
public final class HiveScript {

    private static final String NAME_MARK = "-- name:";

    private final Path file;
    private final Map<String, String> named;
    private final List<String> statements;

    private HiveScript(Path file, List<String> statements, Map<String, String> named) {
        this.file = file;
        this.statements = statements;
        this.named = named;
    }

    /** The scripts shipped in {@code scripts/hive/} of the repository. */
    public static HiveScript shipped(String fileName) {
        Path dir = Path.of(System.getProperty("argus.hive.scripts", "../scripts/hive"));
        return read(dir.resolve(fileName));
    }

    /**
     * A script as packaged in this jar under {@code argus/hive/} (the build copies {@code scripts/hive/}
     * there), for programs that run the shipped SQL without a checkout, such as {@code argus nightly}.
     */
    public static HiveScript packaged(String fileName) {
        String resource = "argus/hive/" + fileName;
        try (java.io.InputStream in = HiveScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no Hive script " + resource + " on the classpath");
            }
            return parse(Path.of(resource), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Hive script " + resource, e);
        }
    }

    public static HiveScript read(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Hive script " + file.toAbsolutePath(), e);
        }
    }

    private static HiveScript parse(Path file, String text) {
        List<String> statements = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        StringBuilder current = new StringBuilder();
        String name = null;
        char quote = 0;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (quote == 0 && current.toString().isBlank() && trimmed.startsWith(NAME_MARK)) {
                name = trimmed.substring(NAME_MARK.length()).strip();
                continue;
            }
            if (quote == 0 && trimmed.startsWith("--")) {
                continue;
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\' && i + 1 < line.length()) {
                        current.append(c).append(line.charAt(++i));
                        continue;
                    }
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                } else if (c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                    break; // a comment to the end of the line
                } else if (c == ';') {
                    String statement = current.toString().strip();
                    if (!statement.isEmpty()) {
                        statements.add(statement);
                        if (name != null) {
                            named.put(name, statement);
                        }
                    }
                    name = null;
                    current.setLength(0);
                    continue;
                }
                current.append(c);
            }
            current.append('\n');
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return new HiveScript(file, List.copyOf(statements), named);
    }

    public List<String> statements() {
        return statements;
    }

    /** The statement marked {@code -- name: <name>}. */
    public String statement(String name) {
        String statement = named.get(name);
        if (statement == null) {
            throw new IllegalArgumentException("no statement named '" + name + "' in " + file + "; it has " + named.keySet());
        }
        return statement;
    }

    public Map<String, String> namedStatements() {
        return named;
    }
}
