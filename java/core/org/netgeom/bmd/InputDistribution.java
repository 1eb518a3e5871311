package org.netgeom.bmd;

import java.util.List;
import java.util.Locale;
import org.netgeom.data.Dataset;
import org.netgeom.data.InputBinarization;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;

/**
 * Where the Monte Carlo points x come from, and what flipping coordinate i means there
 * (docs/methods/bmd.md, Input distributions): {@code uniform} draws independent +-1 coordinates
 * and a flip negates one; {@code gaussian} draws N(0, 1) coordinates and a flip negates one;
 * {@code data} draws rows of a +-1 (binarized) data set (with replacement) and a flip negates one;
 * {@code data-reflect} draws rows of any data set and a flip reflects coordinate i around the
 * data's mean of that coordinate. In every case the flipped value is 2 c_i - x_i with the flip
 * centre c (zero but for data-reflect).
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

    /** The name of {@link DataReflection}, whose I / Var is never reported as a BMD. */
    String REFLECTION_NAME = "data-reflect";

    /** The CLI name: uniform, gaussian, data or data-reflect. */
    String name();

    /**
     * False for {@code data-reflect}, whose ratio I / Var is a sensitivity index and is never
     * reported as a BMD (docs/methods/bmd.md, Input distributions).
     */
    default boolean isMeanDimension() { return true; }

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

    /**
     * Rows of {@code data} drawn uniformly with replacement, on the boolean cube (every input +-1,
     * e.g. binarized pixels); a flip is a true sign flip, so this is a BMD in distribution.
     */
    record DataSignFlips(Dataset data) implements InputDistribution {
        public DataSignFlips {
            if (data.size() == 0) throw InvalidInputException.forField("distribution", "{distribution} data needs a data set with examples");
            if (!InputBinarization.isBinary(data.inputs())) {
                throw InvalidInputException.forFields(List.of("distribution", "binarize"), "{distribution} data flips the signs of"
                        + " +-1 inputs, but '" + data.name() + "' has inputs other than +-1: train the model with {binarize} (its data"
                        + " are then binarized again), or use {distribution} data-reflect, a sensitivity index that is not a BMD");
            }
        }

        @Override public String name() { return "data"; }
        @Override public int dimension() { return data.inputDim(); }
        @Override public float[] flipCentres(int inputDim) { return null; }

        @Override
        public Matrix points(long seed, long first, int count, int inputDim) { return rows(data, seed, first, count); }
    }

    /**
     * Rows of {@code data} drawn uniformly with replacement; flips reflect around the column means.
     * On inputs that are not +-1 this is a sensitivity index, not a BMD: it can fall below 1 even
     * for a linear f (docs/methods/bmd.md, Input distributions).
     */
    record DataReflection(Dataset data) implements InputDistribution {
        public DataReflection {
            if (data.size() == 0) throw InvalidInputException.forField("distribution", "{distribution} data-reflect needs a data set with examples");
        }

        @Override public String name() { return REFLECTION_NAME; }
        @Override public int dimension() { return data.inputDim(); }
        @Override public boolean isMeanDimension() { return false; }

        @Override
        public float[] flipCentres(int inputDim) {
            double[] means = data.featureStatistics().means();
            float[] centres = new float[means.length];
            for (int j = 0; j < means.length; j++) centres[j] = (float) means[j];
            return centres;
        }

        @Override
        public Matrix points(long seed, long first, int count, int inputDim) { return rows(data, seed, first, count); }
    }

    /** Point p is the row its stream's first 32-bit word picks, modulo the number of rows. */
    private static Matrix rows(Dataset data, long seed, long first, int count) {
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

    /** Parses --distribution; {@code data} needs the data set (null otherwise is fine). */
    static InputDistribution parse(String name, Dataset data) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "uniform" -> new Uniform();
            case "gaussian" -> new Gaussian();
            case "data" -> new DataSignFlips(requireData(name, data));
            case REFLECTION_NAME -> new DataReflection(requireData(name, data));
            default -> throw InvalidInputException.forField("distribution", "unknown {distribution} '" + name
                    + "': use uniform, gaussian, data or data-reflect");
        };
    }

    /** True when distribution {@code name} draws its points from a data set (data, data-reflect). */
    static boolean needsData(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        return key.equals("data") || key.equals(REFLECTION_NAME);
    }

    private static Dataset requireData(String name, Dataset data) {
        if (data == null) {
            throw InvalidInputException.forFields(List.of("distribution", "data"), "{distribution} " + name.trim() + " needs a data set: give {data}");
        }
        return data;
    }
}
