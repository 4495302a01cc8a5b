package dev.argus.jobs.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import dev.argus.jobs.stats.ClassTally;
import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import java.awt.Color;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's {@code index.html}: one self-contained page (charts are inline SVG, styles inline)
 * that refers only to the thumbnails next to it. Every number sits in an element with an id or data
 * attribute, so the page can be checked by machine as well as read.
 */
final class ReportPage {

    static final int MAX_BARS = 20;
    private static final int BAR_HEIGHT = 18;
    private static final int CHART_WIDTH = 640;

    /** A drawn sample: the thumbnail's file name relative to the page, its size, and its image. */
    record Thumbnail(String file, int width, int height, ImageDetections image, long boxesDrawn) {
    }

    private ReportPage() {
    }

    static String render(PartitionContents c, List<Thumbnail> thumbnails, List<String> missingSamples) {
        return render(c, thumbnails, missingSamples, java.util.Optional.empty());
    }

    /** The page; {@code stale} says why the partition no longer describes its date, shown under the title. */
    static String render(PartitionContents c, List<Thumbnail> thumbnails, List<String> missingSamples,
            java.util.Optional<String> stale) {
        Map<String, Integer> classIds = new HashMap<>();
        for (ImageDetections image : c.images()) {
            for (Detection d : image.getDetections()) {
                classIds.putIfAbsent(d.getLabel(), d.getClassId());
            }
        }
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(esc("argus report " + c.model() + ":" + c.version() + " dt=" + c.date())).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}\n")
                .append("dl#summary{display:grid;grid-template-columns:max-content max-content;gap:.2em 1.5em}dt{color:#666}\n")
                .append(".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1em}\n")
                .append("figure{margin:0}figure img{max-width:100%;height:auto;border:1px solid #ccc}\n")
                .append("figcaption{font-size:.85em;color:#444;word-break:break-all}\n")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;font-size:.9em}\n")
                .append(".warn{color:#b00;font-weight:bold}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(c.model() + ":" + c.version())).append(" — dt=").append(c.date()).append("</h1>\n");
        stale.ifPresent(why -> h.append("<p class=\"warn\" id=\"stale\">STALE: ").append(esc(why)).append("</p>\n"));
        summary(h, c);
        samples(h, thumbnails, missingSamples);
        classChart(h, c.perClass(), classIds, c.minScore());
        scoreHistogram(h, c.scoreHistogram());
        errors(h, c.errors());
        h.append("<script>\n")
                .append("// Counts the thumbnails that really loaded: a report copied without its images/ folder says so.\n")
                .append("window.addEventListener('load', function () {\n")
                .append("  var imgs = document.querySelectorAll('#samples img');\n")
                .append("  var ok = 0;\n")
                .append("  imgs.forEach(function (i) { if (i.complete && i.naturalWidth > 0) { ok++; i.dataset.loaded = 'true'; } });\n")
                .append("  var out = document.getElementById('pictures-loaded');\n")
                .append("  out.textContent = ok + ' of ' + imgs.length + ' pictures loaded';\n")
                .append("  out.dataset.loaded = ok;\n")
                .append("  if (ok < imgs.length) { out.className = 'warn'; }\n")
                .append("});\n</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, PartitionContents c) {
        h.append("<dl id=\"summary\">\n");
        item(h, "images", "images with detections records", Long.toString(c.images().size()));
        item(h, "errors-count", "images that failed (decode or inference)", Long.toString(c.errors().size()));
        item(h, "boxes-stored", "boxes stored", Long.toString(c.boxesStored()));
        item(h, "boxes-shown", "boxes with score ≥ " + fmt(c.minScore()), Long.toString(c.boxesShown()));
        item(h, "classes", "classes with score ≥ " + fmt(c.minScore()), Long.toString(c.perClass().size()));
        item(h, "partition", "detections partition", c.detectionsPartition().toString());
        h.append("</dl>\n");
    }

    private static void item(StringBuilder h, String id, String term, String value) {
        h.append("<dt>").append(esc(term)).append("</dt><dd id=\"").append(id).append("\">").append(esc(value)).append("</dd>\n");
    }

    private static void samples(StringBuilder h, List<Thumbnail> thumbnails, List<String> missing) {
        h.append("<section id=\"samples\">\n<h2>Sample images</h2>\n<p id=\"pictures-loaded\">")
                .append(thumbnails.size()).append(" pictures</p>\n");
        if (!missing.isEmpty()) {
            h.append("<p class=\"warn\" id=\"samples-missing\">").append(missing.size())
                    .append(" sample image(s) not found in the shards: ").append(esc(String.join(", ", missing))).append("</p>\n");
        }
        h.append("<div class=\"grid\">\n");
        for (Thumbnail t : thumbnails) {
            ImageDetections image = t.image();
            h.append("<figure data-image-id=\"").append(esc(image.getImageId())).append("\" data-boxes=\"").append(t.boxesDrawn()).append("\">")
                    .append("<img src=\"").append(esc(t.file())).append("\" width=\"").append(t.width()).append("\" height=\"")
                    .append(t.height()).append("\" alt=\"").append(esc(image.getSourceUri())).append("\">")
                    .append("<figcaption>").append(esc(image.getSourceUri())).append(" — ").append(t.boxesDrawn())
                    .append(t.boxesDrawn() == 1 ? " box" : " boxes").append(", ").append(image.getWidth()).append("×")
                    .append(image.getHeight()).append("</figcaption></figure>\n");
        }
        h.append("</div>\n</section>\n");
    }

    private static void classChart(StringBuilder h, Map<String, ClassTally> perClass, Map<String, Integer> classIds, float minScore) {
        h.append("<section id=\"classes\">\n<h2>Boxes per class (score ≥ ").append(fmt(minScore)).append(")</h2>\n");
        List<Map.Entry<String, ClassTally>> bars = perClass.entrySet().stream().limit(MAX_BARS).toList();
        long max = bars.stream().mapToLong(e -> e.getValue().count()).max().orElse(1);
        int labelWidth = 130;
        int height = Math.max(1, bars.size()) * (BAR_HEIGHT + 4);
        h.append("<svg width=\"").append(CHART_WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"boxes per class\">\n");
        for (int i = 0; i < bars.size(); i++) {
            String label = bars.get(i).getKey();
            ClassTally tally = bars.get(i).getValue();
            int y = i * (BAR_HEIGHT + 4);
            int w = (int) Math.max(1, (CHART_WIDTH - labelWidth - 60) * tally.count() / max);
            h.append("<g class=\"bar\" data-label=\"").append(esc(label)).append("\" data-count=\"").append(tally.count())
                    .append("\" data-mean-score=\"").append(fmt(tally.meanScore())).append("\">")
                    .append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\">")
                    .append(esc(label)).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y).append("\" width=\"").append(w)
                    .append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"").append(hex(BoxPainter.colourOf(classIds.getOrDefault(label, 0))))
                    .append("\"><title>").append(esc(label + ": " + tally.count() + " boxes, mean score " + fmt(tally.meanScore())
                            + ", small/medium/large " + tally.small() + "/" + tally.medium() + "/" + tally.large())).append("</title></rect>")
                    .append("<text x=\"").append(labelWidth + w + 6).append("\" y=\"").append(y + 14).append("\">")
                    .append(tally.count()).append("</text></g>\n");
        }
        h.append("</svg>\n");
        if (perClass.size() > MAX_BARS) {
            h.append("<p>and ").append(perClass.size() - MAX_BARS).append(" more classes</p>\n");
        }
        h.append("</section>\n");
    }

    private static void scoreHistogram(StringBuilder h, long[] bins) {
        h.append("<section id=\"scores\">\n<h2>Score histogram (every stored box)</h2>\n");
        long max = 1;
        for (long b : bins) {
            max = Math.max(max, b);
        }
        int barWidth = 50;
        int chartHeight = 160;
        h.append("<svg width=\"").append(bins.length * (barWidth + 6)).append("\" height=\"").append(chartHeight + 40)
                .append("\" role=\"img\" aria-label=\"score histogram\">\n");
        for (int i = 0; i < bins.length; i++) {
            int x = i * (barWidth + 6);
            int barHeight = (int) (chartHeight * bins[i] / max);
            String from = fmt(i / (double) bins.length);
            String to = fmt((i + 1) / (double) bins.length);
            h.append("<g class=\"bin\" data-from=\"").append(from).append("\" data-to=\"").append(to)
                    .append("\" data-count=\"").append(bins[i]).append("\">")
                    .append("<rect x=\"").append(x).append("\" y=\"").append(chartHeight - barHeight).append("\" width=\"")
                    .append(barWidth).append("\" height=\"").append(barHeight).append("\" fill=\"#4a7ab0\"><title>")
                    .append(from).append("–").append(to).append(": ").append(bins[i]).append("</title></rect>")
                    .append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(chartHeight + 14)
                    .append("\" text-anchor=\"middle\">").append(bins[i]).append("</text>")
                    .append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(chartHeight + 32)
                    .append("\" text-anchor=\"middle\" font-size=\"10\">").append(from).append("</text></g>\n");
        }
        h.append("</svg>\n</section>\n");
    }

    private static void errors(StringBuilder h, List<ImageError> errors) {
        h.append("<section id=\"errors\">\n<h2>Errors (").append(errors.size()).append(")</h2>\n");
        if (errors.isEmpty()) {
            h.append("<p>No image failed.</p>\n</section>\n");
            return;
        }
        h.append("<table>\n<thead><tr><th>stage</th><th>image</th><th>error</th><th>message</th></tr></thead>\n<tbody>\n");
        for (ImageError e : errors) {
            h.append("<tr class=\"error\" data-stage=\"").append(esc(e.getStage())).append("\"><td>").append(esc(e.getStage()))
                    .append("</td><td>").append(esc(e.getSourceUri())).append("</td><td>").append(esc(e.getErrorClass()))
                    .append("</td><td>").append(esc(e.getMessage())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static String esc(String s) {
        return escapeHtml4(s == null ? "" : s);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
