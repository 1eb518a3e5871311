package org.netgeom.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Pixels mapped to the boolean cube (docs/methods/bmd.md, Input distributions): a pixel in
 * [0, 1] becomes +1 when it is at least the threshold (0.5) and -1 below it. The BMD is a mean
 * dimension only where flipping an input is a true sign flip of a +-1 coordinate, so models
 * measured on binarized data are trained on them. Recorded in model metadata
 * ({@link #METADATA_KEY}) so predict, eval, bmd and robustness apply it to the data again.
 *
 * <p>Values already +-1 stay as they are (-1 is below the threshold, +1 above), so applying it
 * twice changes nothing; any other value outside [0, 1] is refused, since thresholding
 * standardized or Gaussian inputs at 0.5 has no meaning.
 */
public record InputBinarization(float threshold) {
    /** Model metadata: the threshold, present only on models trained on binarized inputs. */
    public static final String METADATA_KEY = "netgeom.binarize";
    /** Half way between a black (0) and a white (1) pixel. */
    public static final float DEFAULT_THRESHOLD = 0.5f;

    public InputBinarization {
        if (!(threshold > 0 && threshold < 1)) {
            throw InvalidInputException.forField("binarize", "the {binarize} threshold must lie in (0, 1) (pixels in [0, 1]), got " + threshold);
        }
    }

    /** The spec's binarization: threshold 0.5. */
    public static InputBinarization standard() { return new InputBinarization(DEFAULT_THRESHOLD); }

    /** +1 for pixels >= threshold, -1 below; refuses values outside [0, 1] other than -1. */
    public Matrix apply(Matrix inputs, String name) {
        float[] source = inputs.data();
        float[] result = new float[source.length];
        for (int i = 0; i < source.length; i++) {
            float v = source[i];
            if (!(v >= 0 && v <= 1) && v != -1f) {
                int d = Math.max(1, inputs.cols());
                throw InvalidInputException.forField("binarize", String.format(Locale.ROOT, "{binarize} thresholds pixels in [0, 1]"
                        + " at %s, but '%s' has the value %s (row %d, input %d): binarize raw pixels (drop --standardize; teacher"
                        + " inputs are Gaussian, not pixels)", threshold, name, v, i / d, i % d));
            }
            result[i] = v >= threshold ? 1f : -1f;
        }
        return new Matrix(inputs.rows(), inputs.cols(), result);
    }

    public Dataset apply(Dataset data) {
        if (isBinary(data.inputs())) return data;
        return new Dataset(data.name() + " (binarized)", apply(data.inputs(), data.name()), data.targets(), data.classes());
    }

    public DataSplit apply(DataSplit split) {
        return new DataSplit(apply(split.train()), split.test() == null ? null : apply(split.test()));
    }

    /** True when every value is exactly +1 or -1: points of the boolean cube. */
    public static boolean isBinary(Matrix inputs) {
        for (float v : inputs.data()) if (v != 1f && v != -1f) return false;
        return true;
    }

    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(METADATA_KEY, Float.toString(threshold));
        return m;
    }

    /** The binarization a model file records, or null when it was trained on raw inputs. */
    public static InputBinarization fromMetadata(Map<String, String> metadata) {
        String text = metadata.get(METADATA_KEY);
        if (text == null) return null;
        try {
            return new InputBinarization(Float.parseFloat(text.trim()));
        } catch (NumberFormatException | InvalidInputException e) {
            String shown = text.length() <= 80 ? text : text.substring(0, 77) + "...";
            throw new InvalidInputException("model metadata " + METADATA_KEY + " is '" + shown
                    + "'; it must be a threshold in (0, 1) (was the file written by netgeom train?)");
        }
    }

    /**
     * Refuses settings that would take binarized inputs off the cube again: standardization after
     * thresholding, or constant pixels or dimensions added by input expansion unless they are +-1.
     */
    public static void requireCompatible(boolean standardize, InputExpansion expansion) {
        if (standardize) {
            throw InvalidInputException.forFields(List.of("binarize", "standardize"),
                    "{binarize} maps pixels to +-1 and {standardize} would move them off the cube: give one of them");
        }
        if (!expansion.isIdentity() && expansion.value() != 1f && expansion.value() != -1f) {
            throw InvalidInputException.forFields(List.of("binarize", "value"), "{binarize} maps pixels to +-1, so the constant"
                    + " of added pixels or dimensions must be +1 or -1 too, got " + expansion.value() + ": give {value} -1 (or 1)");
        }
    }
}
