package dev.argus.zoo.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The study's markdown file ({@code ablation.md} in the output directory): a header that states the
 * settings every row shares, then one table row per finished variant, appended the moment it is done so
 * that an interrupted study keeps what it had. A rerun reads the rows back to skip them, and refuses a
 * file whose settings differ from its own (the rows would not be comparable).
 */
final class AblationTable {

    static final String FILE = "ablation.md";
    static final String SETTINGS_PREFIX = "settings: ";
    static final String COLUMNS = "| head | SPP | FPN | iterations | images | train min | AP50 @½ | AP50 | last-half gain"
            + " | AP | AP75 | AP_small | AP_medium | AR100 | AP50 at each evaluation |";
    static final String SEPARATOR = "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    private static final int COLUMN_COUNT = 15;

    private final Path file;

    private AblationTable(Path file) {
        this.file = file;
    }

    /** Opens the table in {@code dir}, writing its header if it is new; a header with other settings is refused. */
    static AblationTable open(Path dir, String settings, List<String> recipe) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            AblationTable table = new AblationTable(file);
            String found = table.settings();
            if (!found.equals(settings)) {
                throw new IOException(file + " was written with other settings; use another output directory.\n  file:  "
                        + SETTINGS_PREFIX + found + "\n  asked: " + SETTINGS_PREFIX + settings);
            }
            return table;
        }
        List<String> header = new ArrayList<>();
        header.add("# SPP/FPN ablation");
        header.add("");
        header.add(SETTINGS_PREFIX + settings);
        header.add("");
        recipe.forEach(line -> header.add("- " + line));
        header.add("");
        header.add(COLUMNS);
        header.add(SEPARATOR);
        Files.write(file, header, StandardCharsets.UTF_8);
        return new AblationTable(file);
    }

    /** An existing study's table, read whatever its settings (to compare studies). */
    static AblationTable read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no study table " + file);
        }
        return new AblationTable(file);
    }

    Path file() {
        return file;
    }

    /** The settings line's value. */
    String settings() throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(SETTINGS_PREFIX))
                .findFirst().map(l -> l.substring(SETTINGS_PREFIX.length()))
                .orElseThrow(() -> new IOException(file + " has no '" + SETTINGS_PREFIX + "' line: not a study table"));
    }

    /** The rows finished so far, in file order. */
    List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("| ") && !line.equals(COLUMNS)) {
                rows.add(Row.parse(line));
            }
        }
        return rows;
    }

    boolean has(String variant) throws IOException {
        return rows().stream().anyMatch(r -> r.variant().equals(variant));
    }

    void append(Row row) throws IOException {
        Files.writeString(file, row.markdown() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * One finished variant.
     *
     * @param trajectory AP50 at each evaluation, by iteration (the last is the end of the budget)
     */
    record Row(String head, boolean spp, boolean fpn, int iterations, long images, double trainMinutes,
               double ap50Half, double ap50, double ap, double ap75, double apSmall, double apMedium, double ar100,
               Map<Integer, Double> trajectory) {

        String variant() {
            return variant(head, spp, fpn);
        }

        static String variant(String head, boolean spp, boolean fpn) {
            return head + (spp ? "-spp" : "") + (fpn ? "-fpn" : "");
        }

        /** AP50 at the end minus AP50 at half the budget: what the second half of the training bought. */
        double lastHalfGain() {
            return ap50 - ap50Half;
        }

        String markdown() {
            StringBuilder t = new StringBuilder();
            trajectory.forEach((it, v) -> t.append(t.length() == 0 ? "" : ", ").append(it).append(": ").append(f3(v)));
            return String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    head, yesNo(spp), yesNo(fpn), iterations, images, trainMinutes, f3(ap50Half), f3(ap50),
                    String.format(Locale.ROOT, "%+.3f", lastHalfGain()), f3(ap), f3(ap75), f3(apSmall), f3(apMedium),
                    f3(ar100), t);
        }

        static Row parse(String line) {
            String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
            if (cells.length != COLUMN_COUNT) {
                throw new IllegalArgumentException("a study row has " + COLUMN_COUNT + " cells, this has " + cells.length
                        + ": " + line);
            }
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].trim();
            }
            Map<Integer, Double> trajectory = new LinkedHashMap<>();
            for (String point : cells[14].split(",")) {
                String[] kv = point.trim().split(":");
                trajectory.put(Integer.parseInt(kv[0].trim()), Double.parseDouble(kv[1].trim()));
            }
            return new Row(cells[0], yes(cells[1]), yes(cells[2]), Integer.parseInt(cells[3]), Long.parseLong(cells[4]),
                    Double.parseDouble(cells[5]), Double.parseDouble(cells[6]), Double.parseDouble(cells[7]),
                    Double.parseDouble(cells[9]), Double.parseDouble(cells[10]), Double.parseDouble(cells[11]),
                    Double.parseDouble(cells[12]), Double.parseDouble(cells[13]), trajectory);
        }

        private static String yesNo(boolean b) {
            return b ? "yes" : "no";
        }

        private static boolean yes(String cell) {
            return switch (cell) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new IllegalArgumentException("expected yes or no, got '" + cell + "'");
            };
        }

        private static String f3(double v) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
    }
}
