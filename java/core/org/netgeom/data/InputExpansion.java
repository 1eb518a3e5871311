package org.netgeom.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.io.HeapBudget;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Input dimension expansion (docs/methods/symmetry.md, Input expansion), applied identically at
 * train and test time: a square N x N image (one channel, or three in NCHW order) becomes NK x NK
 * per channel with pixel (iK, jK) = original (i, j) and every other pixel the constant c; a vector
 * gets m constant entries c appended. Factor 1 and 0 extra dimensions are the identity. The
 * study's controls fill the same NK x NK grid from the image instead ({@link Fill#NEAREST},
 * {@link Fill#BILINEAR}: upsampling, no constants). Recorded in model metadata so predict and
 * eval re-apply it.
 */
public record InputExpansion(int factor, float value, int extraDims, Fill fill) {
    public static final String FACTOR_KEY = "netgeom.expand_input";
    public static final String VALUE_KEY = "netgeom.expand_value";
    public static final String DIMS_KEY = "netgeom.expand_dims";
    public static final String FILL_KEY = "netgeom.expand_fill";

    /** What the pixels between the original ones hold. */
    public enum Fill {
        /** The constant c: the paper's expansion. */
        CONSTANT,
        /** Copies of the nearest original pixel: nearest-neighbour upsampling (PyTorch's "nearest"). */
        NEAREST,
        /** Bilinear interpolation of the original pixels (PyTorch's "bilinear", align_corners=False). */
        BILINEAR;

        /** The name as metadata and option values spell it: constant, nearest, bilinear. */
        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

        public static Fill parse(String text) {
            for (Fill f : values()) if (f.label().equals(text.trim().toLowerCase(java.util.Locale.ROOT))) return f;
            throw InvalidInputException.forField("fill", "{fill} must be constant, nearest or bilinear, got '" + text + "'");
        }
    }

    /** Constant fill: the paper's expansion. */
    public InputExpansion(int factor, float value, int extraDims) { this(factor, value, extraDims, Fill.CONSTANT); }

    /** Upsampling by {@code factor} with {@code fill} NEAREST or BILINEAR (the value is not used). */
    public static InputExpansion upsampling(int factor, Fill fill) { return new InputExpansion(factor, 0f, 0, fill); }

    public InputExpansion {
        if (fill == null) throw InvalidInputException.forField("fill", "{fill} must be constant, nearest or bilinear, got null");
        if (fill != Fill.CONSTANT && (factor < 2 || extraDims > 0)) {
            throw InvalidInputException.forFields(List.of("fill", "factor"), "{fill} " + fill.label()
                    + " upsamples images: it needs {factor} >= 2 and no extra dimensions");
        }
        if (factor < 1) throw InvalidInputException.forField("factor", "{factor} must be an integer >= 1, got " + factor);
        if (extraDims < 0) throw InvalidInputException.forField("extraDims", "{extraDims} must be >= 0, got " + extraDims);
        if (!Float.isFinite(value)) throw InvalidInputException.forField("value", "{value} must be finite, got " + value);
        if (factor > 1 && extraDims > 0) {
            throw InvalidInputException.forFields(List.of("factor", "extraDims"),
                    "use either {factor} (images) or {extraDims} (vectors), not both");
        }
    }

    public static InputExpansion none() { return new InputExpansion(1, 0.5f, 0); }

    public boolean isIdentity() { return factor == 1 && extraDims == 0; }

    /** Input size after expansion of inputs of size {@code inputDim}. */
    public int expandedDim(int inputDim) {
        long expanded;
        if (factor > 1) {
            long wide = (long) imageSide(inputDim) * factor;
            expanded = channels(inputDim) * wide * wide;
        } else {
            expanded = (long) inputDim + extraDims;
        }
        if (expanded > Integer.MAX_VALUE) {
            throw new InvalidInputException("expanding " + inputDim + " inputs " + (factor > 1 ? factor + "x per side" : "by "
                    + extraDims + " dimensions") + " gives " + expanded + " features, more than one row holds");
        }
        return (int) expanded;
    }

    private int imageSide(int inputDim) { return inputDim == 0 ? 0 : (int) Math.round(Math.sqrt(inputDim / (double) channels(inputDim))); }

    /** Square images of one channel, else of three (NCHW), as ModelSpec.NetworkSpec reads them. */
    private int channels(int inputDim) {
        for (int channels : new int[] {1, 3}) {
            int side = (int) Math.round(Math.sqrt(inputDim / (double) channels));
            if (inputDim % channels == 0 && side * side * channels == inputDim) return channels;
        }
        throw InvalidInputException.forFields(List.of("factor", "extraDims"), "{factor} " + factor
                + " needs square images of 1 or 3 channels, but inputs have " + inputDim + " features; for vectors use {extraDims}");
    }

    /**
     * The expanded features of inputs of size {@code inputDim} that are not an original pixel at
     * (iK, jK) or an original vector entry, ascending: the ones that hold c under constant fill
     * (empty for the identity). Under upsampling the same positions hold values derived from the
     * image, so a study can follow the same weights in every arm of one shape.
     */
    public int[] fillerFeatures(int inputDim) {
        if (isIdentity()) return new int[0];
        if (factor == 1) {
            int[] appended = new int[extraDims];
            for (int i = 0; i < extraDims; i++) appended[i] = inputDim + i;
            return appended;
        }
        int wide = imageSide(inputDim) * factor, channels = channels(inputDim);
        int[] fillers = new int[expandedDim(inputDim) - inputDim];
        int next = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < wide; y++) {
                for (int x = 0; x < wide; x++) {
                    if (y % factor != 0 || x % factor != 0) fillers[next++] = (c * wide + y) * wide + x;
                }
            }
        }
        return fillers;
    }

    public Matrix apply(Matrix inputs) {
        if (isIdentity()) return inputs;
        int rows = inputs.rows(), d = inputs.cols(), out = expandedDim(d);
        long size = (long) rows * out;
        if (size > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(rows + " examples of " + out + " expanded features are more values than one"
                    + " array holds; expand less or use fewer examples");
        }
        HeapBudget.require(4 * size, "the " + rows + " x " + out + " expanded inputs");
        float[] result = new float[(int) size];
        java.util.Arrays.fill(result, value);
        float[] source = inputs.data();
        if (factor > 1) {
            int side = imageSide(d), wide = side * factor, channels = channels(d);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < channels; c++) {
                    int from = r * d + c * side * side, to = r * out + c * wide * wide;
                    switch (fill) {
                        case CONSTANT -> {
                            for (int i = 0; i < side; i++) {
                                for (int j = 0; j < side; j++) result[to + (i * factor) * wide + j * factor] = source[from + i * side + j];
                            }
                        }
                        case NEAREST -> ImageUpsampling.nearest(source, from, side, factor, result, to);
                        case BILINEAR -> ImageUpsampling.bilinear(source, from, side, factor, result, to);
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
        if (fill != Fill.CONSTANT) return "+" + fill.label() + factor + "x";
        return factor > 1 ? "+expand" + factor + "x(" + value + ")" : "+" + extraDims + "dims(" + value + ")";
    }

    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        if (isIdentity()) return m;
        m.put(FACTOR_KEY, Integer.toString(factor));
        m.put(VALUE_KEY, Float.toString(value));
        m.put(DIMS_KEY, Integer.toString(extraDims));
        // Only when not constant: files written before upsampling existed stay byte-identical.
        if (fill != Fill.CONSTANT) m.put(FILL_KEY, fill.label());
        return m;
    }

    public static InputExpansion fromMetadata(Map<String, String> metadata) {
        if (!metadata.containsKey(FACTOR_KEY)) return none();
        int factor = (int) metadataNumber(metadata, FACTOR_KEY, null, 1, Integer.MAX_VALUE, "a whole number >= 1");
        int extraDims = (int) metadataNumber(metadata, DIMS_KEY, "0", 0, Integer.MAX_VALUE, "a whole number >= 0");
        String valueText = metadata.get(VALUE_KEY);
        float value;
        try {
            value = Float.parseFloat(valueText == null ? "" : valueText);
        } catch (NumberFormatException e) {
            throw badMetadata(VALUE_KEY, valueText, "a finite number");
        }
        if (!Float.isFinite(value)) throw badMetadata(VALUE_KEY, valueText, "a finite number");
        Fill fill;
        try {
            fill = Fill.parse(metadata.getOrDefault(FILL_KEY, "constant"));
        } catch (InvalidInputException e) {
            throw badMetadata(FILL_KEY, metadata.get(FILL_KEY), "constant, nearest or bilinear");
        }
        try {
            return new InputExpansion(factor, value, extraDims, fill);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("model metadata has an input expansion netgeom cannot apply (" + e.getMessage()
                    + "); was the file written by netgeom train?");
        }
    }

    private static long metadataNumber(Map<String, String> metadata, String key, String fallback, long min, long max,
                                       String allowed) {
        String text = metadata.getOrDefault(key, fallback);
        try {
            long number = Long.parseLong(text == null ? "" : text);
            if (number >= min && number <= max) return number;
        } catch (NumberFormatException e) {
            // reported below, with the same message as a number out of range
        }
        throw badMetadata(key, text, allowed);
    }

    private static InvalidInputException badMetadata(String key, String value, String allowed) {
        String shown = value == null ? "missing" : "'" + (value.length() <= 80 ? value : value.substring(0, 77) + "...") + "'";
        return new InvalidInputException("model metadata " + key + " is " + shown + "; it must be " + allowed
                + " (was the file written by netgeom train?)");
    }
}
