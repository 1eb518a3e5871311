package org.netgeom.nn.layers;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;

/**
 * One item of a network, as one PyTorch module: what it does to a sample's shape, which
 * tensors it holds under which {@code state_dict} names, and how many floating-point
 * operations it costs. The architecture-string token of each is its {@link #token()}.
 */
public sealed interface Layer {

    /** The shape this layer gives for {@code input}; throws naming {@code where} when it does not fit. */
    FeatureShape output(FeatureShape input, String where);

    /** The tensors under {@code prefix} (e.g. "layers.0" or "layer1.0"), given the layer's input shape. */
    default List<StateEntry> state(String prefix, FeatureShape input) { return List.of(); }

    /** Floating-point operations per sample: 2 per multiply-accumulate of convolutions and linear maps. */
    default long flops(FeatureShape input, FeatureShape output) { return 0; }

    /** The token in an architecture string, e.g. "conv:32k3p1". */
    String token();

    /** The PyTorch module it maps to, for messages and {@code describe}. */
    String torchName();

    /** The PyTorch module it maps to on {@code input} (BatchNorm is 2d on images, 1d on features). */
    default String torchName(FeatureShape input) { return torchName(); }

    /** {@code nn.Conv2d(in, outChannels, kernel, stride, padding, bias)}. */
    record Conv2d(int outChannels, int kernel, int stride, int padding, boolean bias) implements Layer {
        public Conv2d {
            positive("conv output channels", outChannels);
            positive("conv kernel", kernel);
            positive("conv stride", stride);
            if (padding < 0) throw new InvalidInputException("conv padding must be >= 0, got " + padding);
        }

        @Override
        public FeatureShape output(FeatureShape input, String where) {
            requireSpatial(input, where, this);
            int height = convolved(input.height(), kernel, stride, padding);
            int width = convolved(input.width(), kernel, stride, padding);
            if (height < 1 || width < 1) {
                throw new InvalidInputException(where + " (" + token() + ") gets a " + input + " input, too small for a "
                        + kernel + "x" + kernel + " kernel with padding " + padding);
            }
            return FeatureShape.image(outChannels, height, width);
        }

        @Override
        public List<StateEntry> state(String prefix, FeatureShape input) {
            List<StateEntry> state = new ArrayList<>();
            state.add(new StateEntry(prefix + ".weight", List.of(outChannels, input.channels(), kernel, kernel), true));
            if (bias) state.add(new StateEntry(prefix + ".bias", List.of(outChannels), true));
            return state;
        }

        @Override
        public long flops(FeatureShape input, FeatureShape output) {
            return 2L * output.size() * input.channels() * kernel * kernel;
        }

        @Override
        public String token() {
            return "conv:" + outChannels + (kernel != 3 ? "k" + kernel : "") + (stride != 1 ? "s" + stride : "")
                    + (padding != 0 ? "p" + padding : "") + (bias ? "" : "nb");
        }

        @Override public String torchName() { return "Conv2d"; }
    }

    /** {@code nn.MaxPool2d(kernel)}: stride = kernel, no padding, floor. */
    record MaxPool2d(int kernel) implements Layer {
        public MaxPool2d { positive("maxpool kernel", kernel); }

        @Override
        public FeatureShape output(FeatureShape input, String where) { return pooled(input, kernel, where, this); }

        @Override public String token() { return "maxpool:" + kernel; }

        @Override public String torchName() { return "MaxPool2d"; }
    }

    /** {@code nn.AvgPool2d(kernel)}: stride = kernel, no padding, floor. */
    record AvgPool2d(int kernel) implements Layer {
        public AvgPool2d { positive("avgpool kernel", kernel); }

        @Override
        public FeatureShape output(FeatureShape input, String where) { return pooled(input, kernel, where, this); }

        @Override public String token() { return "avgpool:" + kernel; }

        @Override public String torchName() { return "AvgPool2d"; }
    }

    /** {@code nn.AdaptiveAvgPool2d(1)}: C x H x W to C x 1 x 1 (flatten follows for a classifier). */
    record GlobalAvgPool() implements Layer {
        @Override
        public FeatureShape output(FeatureShape input, String where) {
            requireSpatial(input, where, this);
            return FeatureShape.image(input.channels(), 1, 1);
        }

        @Override public String token() { return "gap"; }

        @Override public String torchName() { return "AdaptiveAvgPool2d"; }
    }

    /** {@code nn.BatchNorm2d(C)} on images, {@code nn.BatchNorm1d(F)} after flatten. */
    record BatchNorm() implements Layer {
        @Override
        public FeatureShape output(FeatureShape input, String where) { return input; }

        @Override
        public List<StateEntry> state(String prefix, FeatureShape input) {
            List<Integer> channels = List.of(input.channels());
            return List.of(new StateEntry(prefix + ".weight", channels, true), new StateEntry(prefix + ".bias", channels, true),
                    new StateEntry(prefix + ".running_mean", channels, false),
                    new StateEntry(prefix + ".running_var", channels, false),
                    new StateEntry(prefix + ".num_batches_tracked", List.of(), false));
        }

        @Override public String token() { return "bn"; }

        @Override public String torchName() { return "BatchNorm"; }

        @Override public String torchName(FeatureShape input) { return input.spatial() ? "BatchNorm2d" : "BatchNorm1d"; }
    }

    /** {@code nn.ReLU()}, {@code nn.Tanh()} or {@code nn.GELU()}. */
    record Nonlinearity(Activation activation) implements Layer {
        public Nonlinearity {
            if (activation != Activation.RELU && activation != Activation.TANH && activation != Activation.GELU) {
                throw new InvalidInputException("a layer-list activation is relu, tanh or gelu, got " + activation.cliName());
            }
        }

        @Override
        public FeatureShape output(FeatureShape input, String where) { return input; }

        @Override public String token() { return activation.cliName(); }

        @Override
        public String torchName() {
            return switch (activation) {
                case RELU -> "ReLU";
                case TANH -> "Tanh";
                default -> "GELU";
            };
        }
    }

    /** {@code nn.Dropout(p)}: the identity outside training. */
    record Dropout(double probability) implements Layer {
        public Dropout {
            if (!(probability >= 0 && probability < 1)) {
                throw new InvalidInputException("dropout probability must be in [0, 1), got " + probability);
            }
        }

        @Override
        public FeatureShape output(FeatureShape input, String where) { return input; }

        @Override public String token() { return "dropout:" + probability; }

        @Override public String torchName() { return "Dropout"; }
    }

    /** {@code nn.Flatten()}: C x H x W to C*H*W features. */
    record Flatten() implements Layer {
        @Override
        public FeatureShape output(FeatureShape input, String where) {
            if (input.size() > Integer.MAX_VALUE) {
                throw new InvalidInputException(where + " (flatten) gets " + input + ", more than 2^31 - 1 features");
            }
            return FeatureShape.flat((int) input.size());
        }

        @Override public String token() { return "flatten"; }

        @Override public String torchName() { return "Flatten"; }
    }

    /** {@code nn.Linear(in, outFeatures)} with a bias. */
    record Linear(int outFeatures) implements Layer {
        public Linear { positive("linear output features", outFeatures); }

        @Override
        public FeatureShape output(FeatureShape input, String where) {
            if (input.spatial()) {
                throw new InvalidInputException(where + " (" + token() + ") gets a " + input
                        + " image: put flatten before it");
            }
            return FeatureShape.flat(outFeatures);
        }

        @Override
        public List<StateEntry> state(String prefix, FeatureShape input) {
            return List.of(new StateEntry(prefix + ".weight", List.of(outFeatures, input.channels()), true),
                    new StateEntry(prefix + ".bias", List.of(outFeatures), true));
        }

        @Override
        public long flops(FeatureShape input, FeatureShape output) { return 2L * input.channels() * outFeatures; }

        @Override public String token() { return "linear:" + outFeatures; }

        @Override public String torchName() { return "Linear"; }
    }

    /**
     * torchvision's {@code BasicBlock}: conv1 (3x3, stride, no bias), bn1, relu, conv2 (3x3, no
     * bias), bn2, plus the shortcut, then relu. The shortcut is the identity, or
     * {@code downsample} = 1x1 convolution (stride, no bias) and BatchNorm when the stride or the
     * channel count changes.
     */
    record BasicBlock(int outChannels, int stride) implements Layer {
        public BasicBlock {
            positive("block output channels", outChannels);
            positive("block stride", stride);
        }

        public Conv2d conv1() { return new Conv2d(outChannels, 3, stride, 1, false); }

        public Conv2d conv2() { return new Conv2d(outChannels, 3, 1, 1, false); }

        public Conv2d projection() { return new Conv2d(outChannels, 1, stride, 0, false); }

        /** Whether the shortcut projects (shapes change) rather than passing the input through. */
        public boolean projects(FeatureShape input) { return stride != 1 || input.channels() != outChannels; }

        @Override
        public FeatureShape output(FeatureShape input, String where) {
            requireSpatial(input, where, this);
            FeatureShape middle = conv1().output(input, where + ".conv1");
            return conv2().output(middle, where + ".conv2");
        }

        @Override
        public List<StateEntry> state(String prefix, FeatureShape input) {
            FeatureShape middle = conv1().output(input, prefix);
            List<StateEntry> state = new ArrayList<>(conv1().state(prefix + ".conv1", input));
            state.addAll(new BatchNorm().state(prefix + ".bn1", middle));
            state.addAll(conv2().state(prefix + ".conv2", middle));
            state.addAll(new BatchNorm().state(prefix + ".bn2", middle));
            if (projects(input)) {
                state.addAll(projection().state(prefix + ".downsample.0", input));
                state.addAll(new BatchNorm().state(prefix + ".downsample.1", middle));
            }
            return state;
        }

        @Override
        public long flops(FeatureShape input, FeatureShape output) {
            FeatureShape middle = conv1().output(input, "block");
            long flops = conv1().flops(input, middle) + conv2().flops(middle, output);
            return projects(input) ? flops + projection().flops(input, output) : flops;
        }

        @Override public String token() { return "block:" + outChannels + (stride != 1 ? "s" + stride : ""); }

        @Override public String torchName() { return "BasicBlock"; }
    }

    private static void positive(String what, int value) {
        if (value < 1) throw new InvalidInputException(what + " must be >= 1, got " + value);
    }

    private static void requireSpatial(FeatureShape input, String where, Layer layer) {
        if (!input.spatial()) {
            throw new InvalidInputException(where + " (" + layer.token() + ") needs an image input but gets "
                    + input + " features: it cannot follow flatten or linear");
        }
    }

    private static int convolved(int size, int kernel, int stride, int padding) {
        return Math.floorDiv(size + 2 * padding - kernel, stride) + 1;
    }

    private static FeatureShape pooled(FeatureShape input, int kernel, String where, Layer layer) {
        requireSpatial(input, where, layer);
        int height = input.height() / kernel;
        int width = input.width() / kernel;
        if (height < 1 || width < 1) {
            throw new InvalidInputException(where + " (" + layer.token() + ") gets a " + input + " input, smaller than its "
                    + kernel + "x" + kernel + " window");
        }
        return FeatureShape.image(input.channels(), height, width);
    }
}
