package org.netgeom.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Input dimension expansion (spec symmetry.md section 1), applied identically at train and test
 * time: a square N x N image becomes NK x NK with pixel (iK, jK) = original (i, j) and every
 * other pixel the constant c; a vector gets m constant entries c appended. Factor 1 and 0 extra
 * dimensions are the identity. Recorded in model metadata so predict and eval re-apply it.
 */
public record InputExpansion(int factor, float value, int extraDims) {
    public static final String FACTOR_KEY = "netgeom.expand_input";
    public static final String VALUE_KEY = "netgeom.expand_value";
    public static final String DIMS_KEY = "netgeom.expand_dims";

    public InputExpansion {
        if (factor < 1) throw new InvalidInputException("--expand-input must be an integer >= 1, got " + factor);
        if (extraDims < 0) throw new InvalidInputException("--expand-dims must be >= 0, got " + extraDims);
        if (!Float.isFinite(value)) throw new InvalidInputException("--expand-value must be finite, got " + value);
        if (factor > 1 && extraDims > 0) {
            throw new InvalidInputException("use either --expand-input (images) or --expand-dims (vectors), not both");
        }
    }

    public static InputExpansion none() { return new InputExpansion(1, 0.5f, 0); }

    public boolean isIdentity() { return factor == 1 && extraDims == 0; }

    /** Input size after expansion of inputs of size {@code inputDim}. */
    public int expandedDim(int inputDim) {
        if (factor > 1) {
            int side = imageSide(inputDim);
            return side * factor * side * factor;
        }
        return inputDim + extraDims;
    }

    private static int imageSide(int inputDim) {
        int side = (int) Math.round(Math.sqrt(inputDim));
        if (side * side != inputDim) {
            throw new InvalidInputException("--expand-input needs square images, but inputs have " + inputDim
                    + " features; for vectors use --expand-dims");
        }
        return side;
    }

    public Matrix apply(Matrix inputs) {
        if (isIdentity()) return inputs;
        int rows = inputs.rows(), d = inputs.cols(), out = expandedDim(d);
        float[] result = new float[rows * out];
        java.util.Arrays.fill(result, value);
        float[] source = inputs.data();
        if (factor > 1) {
            int side = imageSide(d), wide = side * factor;
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < side; i++) {
                    for (int j = 0; j < side; j++) {
                        result[r * out + (i * factor) * wide + j * factor] = source[r * d + i * side + j];
                    }
                }
            }
        } else {
            for (int r = 0; r < rows; r++) System.arraycopy(source, r * d, result, r * out, d);
        }
        return new Matrix(rows, out, result);
    }

    public Dataset apply(Dataset data) {
        if (isIdentity()) return data;
        return new Dataset(data.name() + describeSuffix(), apply(data.inputs()), data.targets(), data.classes());
    }

    public DataSplit apply(DataSplit split) {
        return new DataSplit(apply(split.train()), split.test() == null ? null : apply(split.test()));
    }

    private String describeSuffix() {
        return factor > 1 ? "+expand" + factor + "x(" + value + ")" : "+" + extraDims + "dims(" + value + ")";
    }

    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        if (isIdentity()) return m;
        m.put(FACTOR_KEY, Integer.toString(factor));
        m.put(VALUE_KEY, Float.toString(value));
        m.put(DIMS_KEY, Integer.toString(extraDims));
        return m;
    }

    public static InputExpansion fromMetadata(Map<String, String> metadata) {
        if (!metadata.containsKey(FACTOR_KEY)) return none();
        try {
            return new InputExpansion(Integer.parseInt(metadata.get(FACTOR_KEY)), Float.parseFloat(metadata.get(VALUE_KEY)),
                    Integer.parseInt(metadata.getOrDefault(DIMS_KEY, "0")));
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidInputException("model metadata has a malformed input expansion: " + metadata);
        }
    }
}
