package org.netgeom.bmd;

import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;

/**
 * Which function of a model's outputs the BMD measures (docs/methods/bmd.md, Read-outs): all
 * outputs as a vector (BMD = sum_k I(f_k) / sum_k Var(f_k)), one output, or the difference of two
 * (the logit difference of a two-class model).
 */
public record Readout(Kind kind, int first, int second) {
    /**
     * Which function of the outputs: all outputs as a vector, output {@code first} alone, or output
     * {@code first} minus output {@code second}.
     */
    public enum Kind { VECTOR, OUTPUT, DIFFERENCE }

    public Readout {
        if (kind != Kind.VECTOR && first < 0) throw new InvalidInputException("readout output index must be >= 0, got " + first);
        if (kind == Kind.DIFFERENCE && (second < 0 || second == first)) {
            throw new InvalidInputException("a difference readout needs two different output indices, got " + first + " and " + second);
        }
    }

    /** All outputs as a vector: BMD = sum_k I(f_k) / sum_k Var(f_k). */
    public static Readout vector() { return new Readout(Kind.VECTOR, -1, -1); }

    /** Output {@code index} alone. */
    public static Readout output(int index) { return new Readout(Kind.OUTPUT, index, -1); }

    /**
     * Output {@code minuend} minus output {@code subtrahend}, e.g. the logit difference of a
     * two-class model.
     */
    public static Readout difference(int minuend, int subtrahend) { return new Readout(Kind.DIFFERENCE, minuend, subtrahend); }

    /** Parses --readout: vector, output:K or difference:A,B (output A minus output B). */
    public static Readout parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (key.equals("vector")) return vector();
            if (key.startsWith("output:")) return output(Integer.parseInt(key.substring(7).trim()));
            if (key.startsWith("difference:")) {
                String[] parts = key.substring(11).split(",");
                if (parts.length == 2) return difference(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new InvalidInputException("unknown readout '" + text + "': use vector, output:K or difference:A,B");
    }

    /** Values per model output row: all outputs for a vector, else 1. Checks the indices against {@code outputs}. */
    public int width(int outputs) {
        int largest = Math.max(first, second);
        if (largest >= outputs) {
            throw new InvalidInputException("readout " + describe() + " needs output " + largest + " but the model has "
                    + outputs + " outputs (0.." + (outputs - 1) + ")");
        }
        return kind == Kind.VECTOR ? outputs : 1;
    }

    /** Writes the readout of the output row starting at {@code offset} (of {@code outputs} values) into {@code out}. */
    void apply(float[] rows, int offset, int outputs, double[] out) {
        switch (kind) {
            case VECTOR -> { for (int k = 0; k < outputs; k++) out[k] = rows[offset + k]; }
            case OUTPUT -> out[0] = rows[offset + first];
            case DIFFERENCE -> out[0] = (double) rows[offset + first] - rows[offset + second];
        }
    }

    /**
     * The readout as an outputs x width matrix R, so that the read-out values of output rows F
     * are F R on the backend; null for the vector readout (R would be the identity).
     */
    org.netgeom.tensor.Matrix projection(int outputs) {
        if (kind == Kind.VECTOR) return null;
        org.netgeom.tensor.Matrix r = new org.netgeom.tensor.Matrix(outputs, 1);
        r.set(first, 0, 1f);
        if (kind == Kind.DIFFERENCE) r.set(second, 0, -1f);
        return r;
    }

    /** The --readout form back: vector, output:K or difference:A,B. */
    public String describe() {
        return switch (kind) {
            case VECTOR -> "vector";
            case OUTPUT -> "output:" + first;
            case DIFFERENCE -> "difference:" + first + "," + second;
        };
    }
}
