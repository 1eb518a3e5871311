package org.netgeom.nn;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.netgeom.tensor.InvalidInputException;

/** Layer widths of an MLP, written "784-256-10": input, hidden..., output. */
public record Architecture(int[] widths) {
    public Architecture {
        if (widths.length < 2) {
            throw new InvalidInputException("an architecture needs at least an input and an output width, got "
                    + Arrays.toString(widths) + " (write it like 784-256-10)");
        }
        for (int w : widths) {
            if (w < 1) throw new InvalidInputException("layer widths must be >= 1, got " + Arrays.toString(widths));
        }
        widths = widths.clone();
    }

    /** Parses "784-256-10": the input width, hidden widths, output width, each at least 1. */
    public static Architecture parse(String text) {
        String[] parts = text.trim().split("-", -1);
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                widths[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("architecture '" + text + "' is not a list of widths like 784-256-10");
            }
        }
        return new Architecture(widths);
    }

    public static Architecture of(int... widths) { return new Architecture(widths); }

    @Override
    public int[] widths() { return widths.clone(); }

    public int inputDim() { return widths[0]; }
    public int outputDim() { return widths[widths.length - 1]; }
    /** Number of linear layers (widths minus one). */
    public int layerCount() { return widths.length - 1; }
    /** Input width of linear layer {@code layer} (0-based). */
    public int fanIn(int layer) { return widths[layer]; }
    /** Output width of linear layer {@code layer} (0-based). */
    public int fanOut(int layer) { return widths[layer + 1]; }

    /**
     * Weights plus biases of every layer. Widths come from files and command lines, so the sum
     * is computed exactly: one past 2^63 is an {@link InvalidInputException}, never a wrapped count.
     */
    public long parameterCount() { return weightOffset(layerCount()); }

    /** Offset of layer i's weight [out, in] in the flat vector; its bias [out] follows it. */
    public long weightOffset(int layer) {
        try {
            long offset = 0;
            for (int i = 0; i < layer; i++) {
                offset = Math.addExact(offset, Math.addExact(Math.multiplyExact((long) fanIn(i), fanOut(i)), fanOut(i)));
            }
            return offset;
        } catch (ArithmeticException e) {
            throw new InvalidInputException("architecture " + this + " has more than 2^63 parameters");
        }
    }

    /** Offset of layer i's bias [out] in the flat vector, right after its weight. */
    public long biasOffset(int layer) { return weightOffset(layer) + (long) fanIn(layer) * fanOut(layer); }

    @Override
    public boolean equals(Object o) { return o instanceof Architecture a && Arrays.equals(widths, a.widths); }

    @Override
    public int hashCode() { return Arrays.hashCode(widths); }

    @Override
    public String toString() { return Arrays.stream(widths).mapToObj(Integer::toString).collect(Collectors.joining("-")); }
}
