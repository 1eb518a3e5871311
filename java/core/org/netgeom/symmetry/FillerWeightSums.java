package org.netgeom.symmetry;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.data.InputExpansion;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.TrainableModel;
import org.netgeom.nn.layers.Layer;
import org.netgeom.nn.layers.NamedLayer;
import org.netgeom.nn.layers.NetworkDescription;
import org.netgeom.nn.layers.StateEntry;
import org.netgeom.tensor.InvalidInputException;

/**
 * The mechanism behind input expansion in a dense layer (docs/methods/symmetry.md, Filler weight
 * sums): every weight a hidden unit puts on the constant filler features receives the same
 * gradient (delta times c), so under Adam they move in lockstep and their sum acts as a bias of
 * c times that sum. This measures, per unit, the sum of the first layer's weights over the
 * filler features ({@link InputExpansion#fillerFeatures}); a study compares it at initialization
 * and after training. In a convolution a tap sees pixels at some positions and fillers at others,
 * so there is no per-unit sum: the analogue is, per output channel and per position class (the
 * output position's offset modulo K on the input lattice), the sum of the taps that land on
 * filler pixels, which is the bias a constant region adds at that class of positions.
 */
public final class FillerWeightSums {
    /** Per unit (an MLP's hidden unit, or a channel at one position class "dy,dx"), the filler-weight sum. */
    public record Sums(int[] units, List<String> positionClasses, double[] values) {}

    /**
     * How far the sums moved: the mean over units of |sum after - sum before|, and the root mean
     * square of the sums at initialization (their scale before training); NaN without fillers.
     */
    public record Drift(double meanAbsolute, double initialRms) {}

    private FillerWeightSums() {}

    /** The drift from {@code before} to {@code after} (same units); NaN for null (no filler features). */
    public static Drift drift(Sums before, Sums after) {
        if (before == null || after == null) return new Drift(Double.NaN, Double.NaN);
        double moved = 0, squares = 0;
        int n = before.values().length;
        if (after.values().length != n) throw new IllegalArgumentException("sums of " + n + " and " + after.values().length + " units");
        for (int i = 0; i < n; i++) {
            moved += Math.abs(after.values()[i] - before.values()[i]);
            squares += before.values()[i] * before.values()[i];
        }
        return new Drift(moved / n, Math.sqrt(squares / n));
    }

    /** Per row j of the row-major [units, inputs] weight: the sum of W[j, f] over the filler features f. */
    public static double[] dense(float[] weight, int units, int inputs, int[] fillers) {
        if ((long) units * inputs != weight.length) {
            throw new InvalidInputException("a " + units + " x " + inputs + " weight needs " + (long) units * inputs + " values, got "
                    + weight.length);
        }
        double[] sums = new double[units];
        for (int j = 0; j < units; j++) {
            double sum = 0;
            for (int f : fillers) sum += weight[j * inputs + f];
            sums[j] = sum;
        }
        return sums;
    }

    /**
     * Per position class (dy, dx) (row-major over the classes the output positions take) and
     * output channel o: the sum of W[o, c, ky, kx] over input channels and over the taps whose
     * input pixel (offset + ky, offset + kx) is off the K-lattice, for a convolution of the given
     * kernel, stride and padding on images of {@code side} pixels expanded by {@code factor}.
     * Returns result[class * outChannels + o]; {@code classes} receives the class names.
     */
    public static double[] convolution(float[] weight, int outChannels, int inChannels, int kernel, int stride, int padding,
                                       int side, int factor, List<String> classes) {
        if ((long) outChannels * inChannels * kernel * kernel != weight.length) {
            throw new InvalidInputException("a [" + outChannels + ", " + inChannels + ", " + kernel + ", " + kernel
                    + "] kernel does not have " + weight.length + " values");
        }
        int outputSide = (side + 2 * padding - kernel) / stride + 1;
        List<Integer> offsets = new ArrayList<>();
        for (int y = 0; y < outputSide; y++) {
            int offset = Math.floorMod(y * stride - padding, factor);
            if (!offsets.contains(offset)) offsets.add(offset);
        }
        offsets.sort(null);
        double[] sums = new double[offsets.size() * offsets.size() * outChannels];
        int index = 0;
        for (int dy : offsets) {
            for (int dx : offsets) {
                classes.add(dy + "," + dx);
                for (int o = 0; o < outChannels; o++) {
                    double sum = 0;
                    for (int c = 0; c < inChannels; c++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            for (int kx = 0; kx < kernel; kx++) {
                                if ((dy + ky) % factor != 0 || (dx + kx) % factor != 0) {
                                    sum += weight[((o * inChannels + c) * kernel + ky) * kernel + kx];
                                }
                            }
                        }
                    }
                    sums[index++] = sum;
                }
            }
        }
        return sums;
    }

    /**
     * The filler-weight sums of {@code model}'s first layer, for inputs of {@code rawInputDim}
     * features expanded by {@code expansion}; null when the expansion adds no features.
     */
    public static Sums of(TrainableModel model, InputExpansion expansion, int rawInputDim) {
        int[] fillers = expansion.fillerFeatures(rawInputDim);
        if (fillers.length == 0) return null;
        if (model instanceof Mlp mlp) {
            int units = mlp.architecture().fanOut(0), inputs = mlp.architecture().inputDim();
            double[] sums = dense(mlp.backend().download(mlp.weight(0)).data(), units, inputs, fillers);
            return new Sums(sequence(units), java.util.Collections.nCopies(units, "all"), sums);
        }
        if (model instanceof ConvNet net) return firstConvolution(net, expansion);
        throw new InvalidInputException("filler weight sums are defined for MLPs and convolutional networks, not "
                + model.getClass().getSimpleName());
    }

    private static Sums firstConvolution(ConvNet net, InputExpansion expansion) {
        if (expansion.factor() < 2) throw new InvalidInputException("a convolutional network takes images: expand them by a factor, not by dimensions");
        String key = null;
        Layer.Conv2d conv = null;
        for (NamedLayer named : net.network().layers()) {
            if (named.layer() instanceof Layer.Conv2d c) {
                conv = c;
                key = named.name() + ".weight";
                break;
            }
            if (!(named.layer() instanceof Layer.Dropout)) break; // only a dropout may stand before the first convolution
        }
        if (conv == null) throw new InvalidInputException(net.network().architecture() + " does not start with a convolution");
        long offset = 0;
        List<Integer> shape = null;
        for (StateEntry entry : NetworkDescription.of(net.network(), net.inputShape()).state()) {
            if (entry.key().equals(key)) {
                shape = entry.shape();
                break;
            }
            if (entry.parameter()) offset += entry.size();
        }
        if (shape == null) throw new IllegalStateException("no state entry " + key + " in " + net.network().architecture());
        int count = shape.get(0) * shape.get(1) * conv.kernel() * conv.kernel();
        float[] all = net.backend().download(net.parameters()).data();
        float[] weight = java.util.Arrays.copyOfRange(all, (int) offset, (int) offset + count);
        List<String> classes = new ArrayList<>();
        double[] sums = convolution(weight, shape.get(0), shape.get(1), conv.kernel(), conv.stride(), conv.padding(),
                net.inputShape().height(), expansion.factor(), classes);
        int channels = shape.get(0);
        int[] units = new int[sums.length];
        List<String> unitClasses = new ArrayList<>();
        for (int i = 0; i < sums.length; i++) {
            units[i] = i % channels;
            unitClasses.add(classes.get(i / channels));
        }
        return new Sums(units, unitClasses, sums);
    }

    private static int[] sequence(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) values[i] = i;
        return values;
    }
}
