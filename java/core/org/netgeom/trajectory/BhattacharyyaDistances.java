package org.netgeom.trajectory;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.io.HeapBudget;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * Bhattacharyya distances between prediction points (docs/methods/trajectory.md, Bhattacharyya
 * distance), computed on a {@link Backend} tile by tile: a tile of points against another is one
 * {@link Backend#bhattacharyyaDistances} call, so the K^2 N C work never needs more than two
 * tiles of points and one tile of distances on the device. The pairwise matrix computes only
 * the upper triangle of tiles and mirrors it.
 *
 * <p>The coefficient floor: a sample whose Bhattacharyya coefficient sum_c sqrt(p q) is below
 * {@link #COEFFICIENT_FLOOR} counts as if it were the floor, so it adds at most
 * -log(1e-12) / N = 27.6 / N. Without it one sample where a model gives the true class
 * probability 0 (a float32 softmax underflow) would make the distance to truth infinite. The
 * floor corresponds to a true-class probability of 1e-24.
 */
public final class BhattacharyyaDistances {
    /** The floor on each sample's Bhattacharyya coefficient before its log (see above). */
    public static final float COEFFICIENT_FLOOR = 1e-12f;
    /**
     * Bytes of predictions per tile when no tile size is given: as many points as fit, so that a
     * GPU gets few, large calls (2,000 points x 10,000 samples x 10 classes: two tiles of at most
     * 1,342 points), while the device never holds more than two tiles.
     */
    public static final long DEFAULT_TILE_BYTES = 512L << 20;
    /**
     * At most this many points per tile even when they are small, so that a tile pair's
     * distances (4096 x 4096 floats, 64 MB) stay small next to the predictions.
     */
    public static final int MAX_TILE_POINTS = 4096;

    private final Backend backend;
    private final int tile;

    /** Tiles of {@link #DEFAULT_TILE_BYTES}, at most {@link #MAX_TILE_POINTS} points. */
    public BhattacharyyaDistances(Backend backend) {
        this.backend = backend;
        this.tile = 0;
    }

    /** Tiles of {@code tile} points. */
    public BhattacharyyaDistances(Backend backend, int tile) {
        if (tile < 1) throw new IllegalArgumentException("tile must be >= 1 point, got " + tile);
        this.backend = backend;
        this.tile = tile;
    }

    private int tileFor(PredictionSet set) {
        if (tile > 0) return tile;
        long bytesPerPoint = 4L * Math.max(1, (long) set.samples() * set.classes());
        return (int) Math.max(1, Math.min(MAX_TILE_POINTS, DEFAULT_TILE_BYTES / bytesPerPoint));
    }

    /** The symmetric K x K matrix of d between all points, zero diagonal. */
    public double[][] pairwise(PredictionSet set) {
        int k = set.size();
        int tile = tileFor(set);
        HeapBudget.require(8L * k * k, "the " + k + " x " + k + " distance matrix");
        double[][] d = new double[k][k];
        try (MemoryScope scope = new MemoryScope(backend)) {
            List<DeviceMatrix> tiles = new ArrayList<>();
            for (int start = 0; start < k; start += tile) tiles.add(upload(scope, set, start, Math.min(k, start + tile)));
            for (int ti = 0; ti < tiles.size(); ti++) {
                for (int tj = ti; tj < tiles.size(); tj++) {
                    Matrix block = distanceBlock(tiles.get(ti), tiles.get(tj), set.classes());
                    int i0 = ti * tile, j0 = tj * tile;
                    for (int i = 0; i < block.rows(); i++) {
                        for (int j = 0; j < block.cols(); j++) {
                            double value = block.get(i, j);
                            if (ti == tj) value = i == j ? 0 : 0.5 * (value + block.get(j, i));
                            d[i0 + i][j0 + j] = value;
                            d[j0 + j][i0 + i] = value;
                        }
                    }
                }
            }
        }
        return d;
    }

    /** rows.size() x columns.size() distances between two sets over the same samples. */
    public double[][] between(PredictionSet rows, PredictionSet columns) {
        if (rows.samples() != columns.samples() || rows.classes() != columns.classes()) {
            throw new org.netgeom.tensor.InvalidInputException("points over " + rows.samples() + "x" + rows.classes()
                    + " predictions cannot be compared with points over " + columns.samples() + "x" + columns.classes());
        }
        HeapBudget.require(8L * rows.size() * columns.size(), "the " + rows.size() + " x " + columns.size() + " distance matrix");
        double[][] d = new double[rows.size()][columns.size()];
        int tile = Math.min(tileFor(rows), tileFor(columns));
        try (MemoryScope scope = new MemoryScope(backend)) {
            List<DeviceMatrix> columnTiles = new ArrayList<>();
            for (int start = 0; start < columns.size(); start += tile) {
                columnTiles.add(upload(scope, columns, start, Math.min(columns.size(), start + tile)));
            }
            for (int i0 = 0; i0 < rows.size(); i0 += tile) {
                try (MemoryScope rowScope = new MemoryScope(backend)) {
                    DeviceMatrix rowTile = upload(rowScope, rows, i0, Math.min(rows.size(), i0 + tile));
                    for (int t = 0; t < columnTiles.size(); t++) {
                        Matrix block = distanceBlock(rowTile, columnTiles.get(t), rows.classes());
                        for (int i = 0; i < block.rows(); i++) {
                            for (int j = 0; j < block.cols(); j++) d[i0 + i][t * tile + j] = block.get(i, j);
                        }
                    }
                }
            }
        }
        return d;
    }

    /** Each point's distance to one reference row (sqrt-probabilities, class-major), e.g. the truth. */
    public double[] toReference(PredictionSet set, float[] referenceSqrtRow) {
        PredictionSet reference = new PredictionSet(List.of(new PredictionSet.Point("reference", "reference", 0, Double.NaN, -1)),
                List.of(referenceSqrtRow), set.samples(), set.classes(), null);
        double[][] d = between(set, reference);
        double[] out = new double[set.size()];
        for (int i = 0; i < out.length; i++) out[i] = d[i][0];
        return out;
    }

    private Matrix distanceBlock(DeviceMatrix a, DeviceMatrix b, int classes) {
        try (DeviceMatrix out = backend.allocate(a.rows(), b.rows())) {
            backend.bhattacharyyaDistances(a, b, classes, COEFFICIENT_FLOOR, out);
            return backend.download(out);
        }
    }

    /** Points [from, to) as one device matrix, uploaded row by row from the set (no host copy of the tile). */
    private DeviceMatrix upload(MemoryScope scope, PredictionSet set, int from, int to) {
        int width = set.samples() * set.classes();
        DeviceMatrix tileMatrix = scope.allocate(to - from, width);
        for (int i = from; i < to; i++) {
            backend.upload(new Matrix(1, width, set.sqrtRow(i)), backend.view(tileMatrix, (long) (i - from) * width, 1, width));
        }
        return tileMatrix;
    }
}
