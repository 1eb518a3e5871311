package org.netgeom.bmd;

import java.util.List;
import java.util.Locale;
import org.netgeom.data.Dataset;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;

/**
 * Where the Monte Carlo points x come from, and what flipping coordinate i means there
 * (docs/methods/bmd.md, Input distributions): {@code uniform} draws independent +-1 coordinates
 * and a flip negates one; {@code gaussian} draws N(0, 1) coordinates and a flip negates one;
 * {@code data} draws rows of a data set (with replacement) and a flip reflects coordinate i around
 * the data's mean of that coordinate. In every case the flipped value is 2 c_i - x_i with the flip
 * centre c (zero for the first two).
 *
 * <p>Point p uses its own Philox stream, so a point's coordinates do not depend on how points
 * are batched.
 */
public sealed interface InputDistribution {
    /**
     * Philox streams of the points: [3 * 2^40, 4 * 2^40), away from the small stream numbers models
     * use, the data package's (2^40 + k, see DataStreams) and the heat equation's (2^41 + k). Up to
     * 2026-12 this was 2^40, so under one seed points 0-7 reused the data's streams (point 2 agreed
     * with training input 0 on 75 of 100 signs).
     */
    long POINT_STREAM_BASE = 3L << 40;

    /** The CLI name: uniform, gaussian or data. */
    String name();

    /** Coordinates per point, or 0 when the model decides (uniform, gaussian). */
    int dimension();

    /** The flip centre of every coordinate, or null when it is zero everywhere. */
    float[] flipCentres(int inputDim);

    /** Points {@code first .. first + count - 1} as a count x inputDim matrix. */
    Matrix points(long seed, long first, int count, int inputDim);

    /** Independent +-1 coordinates, each sign with probability 1/2. */
    record Uniform() implements InputDistribution {
        @Override public String name() { return "uniform"; }
        @Override public int dimension() { return 0; }
        @Override public float[] flipCentres(int inputDim) { return null; }

        @Override
        public Matrix points(long seed, long first, int count, int inputDim) {
            Matrix m = new Matrix(count, inputDim);
            float[] row = new float[inputDim];
            for (int p = 0; p < count; p++) {
                Philox.fillUniform(row, 0, inputDim, seed, POINT_STREAM_BASE + first + p, 0f, 1f);
                for (int j = 0; j < inputDim; j++) m.data()[p * inputDim + j] = row[j] < 0.5f ? 1f : -1f;
            }
            return m;
        }
    }

    /** Independent N(0, 1) coordinates. */
    record Gaussian() implements InputDistribution {
        @Override public String name() { return "gaussian"; }
        @Override public int dimension() { return 0; }
        @Override public float[] flipCentres(int inputDim) { return null; }

        @Override
        public Matrix points(long seed, long first, int count, int inputDim) {
            Matrix m = new Matrix(count, inputDim);
            for (int p = 0; p < count; p++) {
                Philox.fillNormal(m.data(), p * inputDim, inputDim, seed, POINT_STREAM_BASE + first + p, 0f, 1f);
            }
            return m;
        }
    }

    /** Rows of {@code data} drawn uniformly with replacement; flips reflect around the column means. */
    record DataPoints(Dataset data) implements InputDistribution {
        public DataPoints {
            if (data.size() == 0) throw InvalidInputException.forField("distribution", "{distribution} data needs a data set with examples");
        }

        @Override public String name() { return "data"; }
        @Override public int dimension() { return data.inputDim(); }

        @Override
        public float[] flipCentres(int inputDim) {
            double[] means = data.featureStatistics().means();
            float[] centres = new float[means.length];
            for (int j = 0; j < means.length; j++) centres[j] = (float) means[j];
            return centres;
        }

        @Override
        public Matrix points(long seed, long first, int count, int inputDim) {
            int d = data.inputDim();
            Matrix m = new Matrix(count, d);
            int[] words = new int[4];
            for (int p = 0; p < count; p++) {
                Philox.block(seed, POINT_STREAM_BASE + first + p, 0, words);
                int row = (int) Long.remainderUnsigned(words[0] & 0xFFFFFFFFL, data.size());
                System.arraycopy(data.inputs().data(), row * d, m.data(), p * d, d);
            }
            return m;
        }
    }

    /** Parses --distribution; {@code data} needs the data set (null otherwise is fine). */
    static InputDistribution parse(String name, Dataset data) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "uniform" -> new Uniform();
            case "gaussian" -> new Gaussian();
            case "data" -> {
                if (data == null) throw InvalidInputException.forFields(List.of("distribution", "data"), "{distribution} data needs a data set: give {data}");
                yield new DataPoints(data);
            }
            default -> throw InvalidInputException.forField("distribution", "unknown {distribution} '" + name + "': use uniform, gaussian or data");
        };
    }
}
