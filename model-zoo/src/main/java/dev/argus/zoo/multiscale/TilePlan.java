package dev.argus.zoo.multiscale;

import java.util.ArrayList;
import java.util.List;

/**
 * The model passes one image of a given size costs: the whole-image pass, then each pyramid level's
 * windows, then the slices, in that order, at most {@code maxTiles} in all. A level that would not fit
 * the remaining budget gets larger windows (coarser, but still covering the whole image) rather than
 * leaving part of the image unseen; a level for which no pass is left is skipped.
 */
public record TilePlan(int imageWidth, int imageHeight, List<Tile> tiles, String description) {

    public TilePlan {
        tiles = List.copyOf(tiles);
    }

    public int passes() {
        return tiles.size();
    }

    public static TilePlan of(int width, int height, MultiScaleSpec spec) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("cannot plan tiles for an empty image (" + width + "x" + height + ")");
        }
        List<Tile> tiles = new ArrayList<>();
        StringBuilder parts = new StringBuilder();
        int budget = spec.maxTiles();
        if (spec.wholeImagePass()) {
            tiles.add(new Tile("full image", 0, 0, width, height, false, false, false, false));
            parts.append("full image 1");
            budget--;
        }
        double overlap = spec.slice() == null ? Slice.DEFAULT_OVERLAP : spec.slice().overlap();
        for (double scale : spec.pyramid().stream().filter(s -> s > 1).sorted().toList()) {
            String level = "pyramid " + MultiScaleSpec.scale(scale);
            budget -= addLevel(tiles, parts, level, width, height, width / scale, height / scale, overlap, budget);
        }
        if (spec.slice() != null) {
            int size = spec.slice().size();
            budget -= addLevel(tiles, parts, "slice " + size, width, height, size, size, spec.slice().overlap(), budget);
        }
        return new TilePlan(width, height, tiles, parts.toString());
    }

    /** Adds one level's windows, enlarged until they fit {@code budget}; returns how many were added. */
    private static int addLevel(List<Tile> tiles, StringBuilder parts, String level, int width, int height,
            double windowW, double windowH, double overlap, int budget) {
        if (parts.length() > 0) {
            parts.append(", ");
        }
        if (budget <= 0) {
            parts.append(level).append(" 0 (no passes left under the cap)");
            return 0;
        }
        double grow = 1;
        int[] xs;
        int[] ys;
        int w;
        int h;
        do {
            w = (int) Math.min(width, Math.round(windowW * grow));
            h = (int) Math.min(height, Math.round(windowH * grow));
            xs = starts(width, w, overlap);
            ys = starts(height, h, overlap);
            grow *= 1.1;
        } while ((long) xs.length * ys.length > budget);
        for (int y : ys) {
            for (int x : xs) {
                tiles.add(new Tile(level, x, y, w, h, x > 0, y > 0, x + w < width, y + h < height));
            }
        }
        parts.append(level).append(' ').append(xs.length * ys.length);
        if (grow > 1.1 + 1e-9) {
            parts.append(" (windows enlarged to ").append(w).append('x').append(h).append(" to fit the cap)");
        }
        return xs.length * ys.length;
    }

    /**
     * Window starts along one axis: as few windows as keep the overlap at least {@code overlap}, spread
     * evenly from one edge to the other (so no window is a near-copy of its neighbour).
     */
    static int[] starts(int length, int window, double overlap) {
        if (window >= length) {
            return new int[] {0};
        }
        double stride = Math.max(1, window * (1 - overlap));
        int n = (int) Math.ceil((length - window) / stride - 1e-9) + 1;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) Math.round((double) i * (length - window) / (n - 1));
        }
        return out;
    }
}
