package org.netgeom.nn;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.nn.layers.FeatureShape;
import org.netgeom.nn.layers.Layer;
import org.netgeom.nn.layers.NamedLayer;
import org.netgeom.nn.layers.Network;
import org.netgeom.nn.layers.NetworkDescription;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.ConvolutionGeometry;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageOps;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;
import org.netgeom.tensor.PoolGeometry;

/**
 * A convolutional network from a {@link Network} layer list, trained on any backend that offers
 * {@link ImageOps}. Inputs are rows [N, C*H*W] (NCHW); the parameters are one flat vector in
 * state_dict order (each layer's weight then bias, PyTorch's shapes), so interpolation,
 * alignment and distances treat it as they treat an MLP. A convolution is im2col, one GEMM per
 * chunk of samples and a transpose back to NCHW (docs/methods/networks.md); chunks have a fixed
 * size, so the bits do not depend on the thread count.
 *
 * <p>BatchNorm ({@code bn}) normalizes each channel over the batch and the image (BatchNorm2d)
 * or each feature (BatchNorm1d), with PyTorch's momentum 0.1 and epsilon 1e-5, through
 * {@link BatchNormLayer} on a channels-last view. Residual blocks ({@code block:}, the
 * ResNets) are torchvision's BasicBlock. Initialization ({@link #initialize}) is PyTorch's
 * module default, weights and biases uniform in +-1/sqrt(fan in) from Philox streams keyed by the
 * seed and the parameter's index, except the ResNets' convolutions, which are kaiming-normal as
 * torchvision draws them.
 */
public final class ConvNet implements TrainableModel {
    /** Column-matrix values per chunk of samples (32 MB of float32): bounds the shared im2col buffer. */
    static final long COLUMN_BUDGET = 8L << 20;
    /** Dropout masks draw from Philox streams above this (past the MLP's), one per (training step, layer). */
    public static final long DROPOUT_STREAM_BASE = 1L << 33;

    private final Backend backend;
    private final ImageOps images;
    private final Network network;
    private final ImageShape inputShape;
    private final InputFit fit;
    private final InputFit.Applied fitOnBackend; // null when the data's images go in as they are
    private final DeviceMatrix parameters;
    private final DeviceMatrix gradients;
    private final List<Stage> stages = new ArrayList<>();
    private final Scratch scratch = new Scratch();
    private final int outputs;
    private long seed;
    private long trainingSteps;

    public ConvNet(Backend backend, Network network, ImageShape inputShape) {
        this(backend, network, new InputFit(inputShape, inputShape));
    }

    /**
     * A network taking images of {@code fit.network()} fed from data of {@code fit.data()}
     * (padded and copied into channels: {@link InputFit}); {@link #inputDim()} is the data's size.
     */
    public ConvNet(Backend backend, Network network, InputFit fit) {
        ImageShape inputShape = fit.network();
        if (!(backend instanceof ImageOps ops)) {
            throw new InvalidInputException("the " + backend.name() + " backend cannot run convolutional networks yet: use the cpu backend");
        }
        this.backend = backend;
        this.images = ops;
        this.network = network;
        this.inputShape = inputShape;
        this.fit = fit;
        NetworkDescription description = NetworkDescription.of(network, inputShape);
        long size = description.parameters();
        if (size > Integer.MAX_VALUE) throw new InvalidInputException(network.architecture() + " has more than 2^31 - 1 parameters");
        FeatureShape last = description.output();
        if (last.spatial()) {
            throw new InvalidInputException(network.architecture() + " ends in a " + last + " image: end it with flatten (and linear)");
        }
        outputs = last.channels();
        parameters = backend.allocate(1, (int) Math.max(1, size));
        gradients = backend.allocate(1, (int) Math.max(1, size));
        InputFit.Applied applied = null;
        try {
            if (!fit.identity()) applied = new InputFit.Applied(backend, fit);
            FeatureShape shape = FeatureShape.of(inputShape);
            long offset = 0;
            int index = 0;
            for (NamedLayer named : network.layers()) {
                FeatureShape output = named.layer().output(shape, named.name());
                Stage stage = stage(named, shape, output, offset, index++);
                offset += stage.parameterCount();
                stages.add(stage);
                shape = output;
            }
        } catch (RuntimeException e) {
            if (applied != null) applied.close();
            close(); // free what the earlier layers took
            throw e;
        }
        fitOnBackend = applied;
    }

    /**
     * Fills weights and biases uniformly in +-1/sqrt(fan in) (PyTorch's Conv2d and Linear default)
     * from Philox streams keyed by {@code seed} and the layer's index; BatchNorm starts at weight 1,
     * bias 0 and running statistics 0 and 1. The ResNets' convolutions are normal with standard
     * deviation sqrt(2 / fan out), fan out = out channels x K x K, as torchvision's ResNet
     * constructor re-draws them ({@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}).
     */
    public ConvNet initialize(long seed) {
        this.seed = seed;
        int parameterIndex = 0;
        boolean kaiming = network.isResNet();
        for (Stage stage : leaves()) {
            if (stage instanceof Norm norm) norm.layer.reset();
            if (stage instanceof Affine affine) {
                float bound = (float) (1.0 / Math.sqrt(affine.fanIn()));
                if (kaiming && affine instanceof Convolution conv) {
                    // Drawn here and uploaded: a GPU's normal draws agree with Java's only to 2 ulp (its
                    // log and sqrt), and the same seed must give the same network on every backend.
                    Matrix normal = new Matrix(affine.weight.rows(), affine.weight.cols());
                    Philox.fillNormal(normal.data(), 0, normal.data().length, seed, Initialization.weightStream(parameterIndex), 0f,
                            (float) Math.sqrt(2.0 / conv.fanOut()));
                    backend.upload(normal, affine.weight);
                } else {
                    backend.fillUniform(affine.weight, seed, Initialization.weightStream(parameterIndex), -bound, bound);
                }
                if (affine.bias != null) backend.fillUniform(affine.bias, seed, Initialization.biasStream(parameterIndex), -bound, bound);
                parameterIndex++;
            }
        }
        return this;
    }

    /** Copies a flat 1 x P host vector (state_dict order) into the parameters. */
    public ConvNet loadParameters(Matrix flat) {
        flat.requireShape(1, (int) parameters.size(), "parameters of " + network.architecture());
        backend.upload(flat, parameters);
        return this;
    }

    /** Whether any layer (a block's included) is a BatchNorm, whose running statistics inference uses. */
    public boolean hasBatchNorm() { return !normalizations().isEmpty(); }

    /**
     * BatchNorm's running statistics as one 1 x S host vector in state_dict order: each layer's
     * running_mean, then its running_var (S = 0 without BatchNorm: a 1 x 0 matrix).
     */
    public Matrix runningStatistics() {
        List<Norm> norms = normalizations();
        int size = 0;
        for (Norm norm : norms) size += 2 * norm.channels;
        float[] values = new float[size];
        int at = 0;
        for (Norm norm : norms) {
            for (DeviceMatrix statistic : new DeviceMatrix[] {norm.layer.runningMean, norm.layer.runningVariance}) {
                System.arraycopy(backend.download(statistic).data(), 0, values, at, norm.channels);
                at += norm.channels;
            }
        }
        return new Matrix(1, size, values);
    }

    /** Loads running statistics laid out as {@link #runningStatistics()} gives them. */
    public ConvNet loadRunningStatistics(Matrix statistics) {
        List<Norm> norms = normalizations();
        int size = 0;
        for (Norm norm : norms) size += 2 * norm.channels;
        statistics.requireShape(1, size, "running statistics of " + network.architecture());
        int at = 0;
        for (Norm norm : norms) {
            float[] mean = java.util.Arrays.copyOfRange(statistics.data(), at, at + norm.channels);
            float[] variance = java.util.Arrays.copyOfRange(statistics.data(), at + norm.channels, at + 2 * norm.channels);
            norm.layer.loadRunningStatistics(new Matrix(1, norm.channels, mean), new Matrix(1, norm.channels, variance));
            at += 2 * norm.channels;
        }
        return this;
    }

    /**
     * Resets every BatchNorm's running statistics (mean 0, variance 1) and makes the following
     * training-mode forward passes set them to the plain average over those batches, as PyTorch
     * does after reset_running_stats() with momentum=None: how barrier curves recompute the
     * statistics of an interpolated model (docs/methods/star.md). Lasts for this object's life,
     * so use it on models that are evaluated, not trained.
     */
    public ConvNet restartRunningAverages() {
        for (Norm norm : normalizations()) norm.layer.restartAverage();
        return this;
    }

    public Network network() { return network; }

    /** The image the network's first layer takes (after the {@link #inputFit()}). */
    public ImageShape inputShape() { return inputShape; }

    /** How the data's images become {@link #inputShape()} images. */
    public InputFit inputFit() { return fit; }

    @Override public Backend backend() { return backend; }
    @Override public int inputDim() { return fit.data().size(); }
    @Override public int outputDim() { return outputs; }
    @Override public DeviceMatrix parameters() { return parameters; }
    @Override public DeviceMatrix gradients() { return gradients; }

    @Override
    public DeviceMatrix forward(DeviceMatrix inputs, boolean training) {
        if (inputs.cols() != inputDim()) {
            throw new InvalidInputException("model " + network.architecture() + " takes " + fit.data() + " = " + inputDim()
                    + " inputs per row, the data has " + inputs.cols());
        }
        DeviceMatrix x = fitOnBackend == null ? inputs : fitOnBackend.forward(inputs);
        for (Stage stage : stages) x = stage.forward(x, training);
        if (training) trainingSteps++;
        return x;
    }

    @Override
    public void backward(DeviceMatrix gradOutputs) {
        DeviceMatrix gradient = gradOutputs;
        for (int i = stages.size() - 1; i >= 0; i--) gradient = stages.get(i).backward(gradient, i > 0, true);
    }

    /**
     * dLoss/dInputs for the last forward, through every layer including the first convolution's
     * input (which {@link #backward} skips), without computing parameter gradients.
     */
    @Override
    public DeviceMatrix inputGradient(DeviceMatrix gradOutputs) {
        DeviceMatrix gradient = gradOutputs;
        for (int i = stages.size() - 1; i >= 0; i--) gradient = stages.get(i).backward(gradient, true, false);
        // With an input fit the first layer's input is the padded image: the data's pixels get the sum over their copies.
        return fitOnBackend == null ? gradient : fitOnBackend.backward(gradient);
    }

    @Override
    public void predict(DeviceMatrix inputs, DeviceMatrix outputs) {
        backend.copy(forward(inputs, false), outputs);
    }

    @Override
    public void close() {
        if (fitOnBackend != null) fitOnBackend.close();
        for (Stage stage : stages) stage.close();
        scratch.close();
        parameters.close();
        gradients.close();
    }

    private Stage stage(NamedLayer named, FeatureShape in, FeatureShape out, long offset, int index) {
        return switch (named.layer()) {
            case Layer.Conv2d conv -> new Convolution(conv, in, out, offset);
            case Layer.Linear linear -> new Dense(linear, in, offset);
            case Layer.Nonlinearity act -> new Nonlinear(act, out);
            case Layer.MaxPool2d pool -> new MaxPool(PoolGeometry.square(in.channels(), in.height(), in.width(), pool.kernel()), out);
            case Layer.AvgPool2d pool -> new AveragePool(PoolGeometry.square(in.channels(), in.height(), in.width(), pool.kernel()), out);
            case Layer.GlobalAvgPool gap -> new AveragePool(PoolGeometry.global(in.channels(), in.height(), in.width()), out);
            case Layer.Flatten flatten -> new Passthrough();
            case Layer.Dropout dropout -> new Drop((float) dropout.probability(), out, index);
            case Layer.BatchNorm bn -> new Norm(in, offset);
            case Layer.BasicBlock block -> new Block(block, in, out, offset);
        };
    }

    /** Every stage in state_dict order, a block's inner layers in place of the block. */
    private List<Stage> leaves() {
        List<Stage> leaves = new ArrayList<>();
        for (Stage stage : stages) {
            if (stage instanceof Block block) leaves.addAll(block.parts()); else leaves.add(stage);
        }
        return leaves;
    }

    /** One layer at run time: forward keeps what backward needs. */
    private interface Stage extends AutoCloseable {
        DeviceMatrix forward(DeviceMatrix input, boolean training);

        /**
         * Gradients of this layer's parameters when {@code needParameters}; returns dLoss/dInput
         * when {@code needInput} (else maybe null), without writing into {@code gradOutput}.
         */
        DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters);

        default long parameterCount() { return 0; }

        @Override
        default void close() {}
    }

    /** A layer with a weight and maybe a bias in the flat vector. */
    private abstract class Affine implements Stage {
        final DeviceMatrix weight, bias, weightGradient, biasGradient;
        private final long count;

        Affine(int out, int fanIn, boolean withBias, long offset) {
            weight = backend.view(parameters, offset, out, fanIn);
            weightGradient = backend.view(gradients, offset, out, fanIn);
            bias = withBias ? backend.view(parameters, offset + (long) out * fanIn, 1, out) : null;
            biasGradient = withBias ? backend.view(gradients, offset + (long) out * fanIn, 1, out) : null;
            count = (long) out * fanIn + (withBias ? out : 0);
        }

        int fanIn() { return weight.cols(); }

        @Override public long parameterCount() { return count; }
    }

    private final class Convolution extends Affine {
        private final ConvolutionGeometry geometry;
        private final int positions, chunk;
        private final Workspace output, gradInput;
        private final DeviceMatrix biasColumn, biasGradientColumn;
        private DeviceMatrix input;

        Convolution(Layer.Conv2d conv, FeatureShape in, FeatureShape out, long offset) {
            super(conv.outChannels(), in.channels() * conv.kernel() * conv.kernel(), conv.bias(), offset);
            geometry = new ConvolutionGeometry(in.channels(), in.height(), in.width(), conv.kernel(), conv.stride(), conv.padding());
            positions = geometry.outputPositions();
            chunk = (int) Math.max(1, COLUMN_BUDGET / ((long) geometry.patchSize() * positions));
            output = new Workspace(backend, (int) out.size());
            gradInput = new Workspace(backend, geometry.imageSize());
            biasColumn = conv.bias() ? backend.view(bias, 0, conv.outChannels(), 1) : null;
            biasGradientColumn = conv.bias() ? backend.view(biasGradient, 0, conv.outChannels(), 1) : null;
        }

        /** Out channels x K x K: what kaiming_normal's mode="fan_out" divides by. */
        int fanOut() { return weight.rows() * geometry.kernel() * geometry.kernel(); }

        @Override
        public DeviceMatrix forward(DeviceMatrix x, boolean training) {
            input = x;
            DeviceMatrix y = output.rows(x.rows());
            for (int first = 0; first < x.rows(); first += chunk) {
                int count = Math.min(chunk, x.rows() - first);
                DeviceMatrix cols = scratch.columns(geometry.patchSize(), count * positions);
                DeviceMatrix prod = scratch.product(weight.rows(), count * positions);
                images.im2col(geometry, x, first, count, cols);
                backend.gemm(false, false, 1f, weight, cols, 0f, prod);
                // + bias for every position: a rank-one product bias (out x 1) times ones (1 x positions).
                if (bias != null) backend.gemm(false, true, 1f, biasColumn, scratch.ones(count * positions), 1f, prod);
                images.channelsToSamples(prod, positions, first, count, y);
            }
            return y;
        }

        @Override
        public DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters) {
            DeviceMatrix gradX = needInput ? gradInput.rows(gradOutput.rows()) : null;
            for (int first = 0; first < gradOutput.rows(); first += chunk) {
                int count = Math.min(chunk, gradOutput.rows() - first);
                float beta = first == 0 ? 0f : 1f; // chunks add up in a fixed order
                DeviceMatrix cols = scratch.columns(geometry.patchSize(), count * positions);
                DeviceMatrix prod = scratch.product(weight.rows(), count * positions);
                images.samplesToChannels(gradOutput, positions, first, count, prod);
                if (needParameters) {
                    images.im2col(geometry, input, first, count, cols);
                    backend.gemm(false, true, 1f, prod, cols, beta, weightGradient);
                    if (bias != null) backend.gemm(false, false, 1f, prod, scratch.ones(count * positions), beta, biasGradientColumn);
                }
                if (needInput) {
                    backend.gemm(true, false, 1f, weight, prod, 0f, cols);
                    images.col2im(geometry, cols, first, count, gradX);
                }
            }
            return gradX;
        }

        @Override
        public void close() {
            output.close();
            gradInput.close();
        }
    }

    /**
     * The column, product and ones buffers the convolutions borrow in turn: each lives only
     * within one layer's forward or backward, so one set, grown to the largest request, serves
     * the whole network (a ResNet-18 would otherwise hold two chunk-sized buffers per layer).
     */
    private final class Scratch implements AutoCloseable {
        private DeviceMatrix columns, product, ones;

        DeviceMatrix columns(int rows, int cols) {
            columns = grown(columns, (long) rows * cols);
            return backend.view(columns, 0, rows, cols);
        }

        DeviceMatrix product(int rows, int cols) {
            product = grown(product, (long) rows * cols);
            return backend.view(product, 0, rows, cols);
        }

        /** A column of {@code rows} ones. */
        DeviceMatrix ones(int rows) {
            if (ones == null || ones.size() < rows) {
                if (ones != null) ones.close();
                ones = backend.allocate(1, rows);
                backend.fill(ones, 1f);
            }
            return backend.view(ones, 0, rows, 1);
        }

        private DeviceMatrix grown(DeviceMatrix buffer, long size) {
            if (buffer != null && buffer.size() >= size) return buffer;
            if (buffer != null) buffer.close();
            return backend.allocate(1, (int) size);
        }

        @Override
        public void close() {
            for (DeviceMatrix m : new DeviceMatrix[] {columns, product, ones}) if (m != null) m.close();
            columns = product = ones = null;
        }
    }

    private final class Dense extends Affine {
        private final Workspace output, gradInput;
        private DeviceMatrix input;

        Dense(Layer.Linear linear, FeatureShape in, long offset) {
            super(linear.outFeatures(), in.channels(), true, offset);
            output = new Workspace(backend, linear.outFeatures());
            gradInput = new Workspace(backend, in.channels());
        }

        @Override
        public DeviceMatrix forward(DeviceMatrix x, boolean training) {
            input = x;
            DeviceMatrix y = output.rows(x.rows());
            backend.gemm(false, true, 1f, x, weight, 0f, y);
            backend.biasActivation(y, bias, Activation.IDENTITY, y);
            return y;
        }

        @Override
        public DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters) {
            if (needParameters) {
                backend.gemm(true, false, 1f, gradOutput, input, 0f, weightGradient);
                backend.sumColumns(gradOutput, 1f, 0f, biasGradient);
            }
            if (!needInput) return null;
            DeviceMatrix gradX = gradInput.rows(gradOutput.rows());
            backend.gemm(false, false, 1f, gradOutput, weight, 0f, gradX);
            return gradX;
        }

        @Override
        public void close() {
            output.close();
            gradInput.close();
        }
    }

    private final class Nonlinear implements Stage {
        private final Activation activation;
        private final Workspace output, gradInput;
        private DeviceMatrix input;

        Nonlinear(Layer.Nonlinearity layer, FeatureShape shape) {
            activation = layer.activation();
            output = new Workspace(backend, (int) shape.size());
            gradInput = new Workspace(backend, (int) shape.size());
        }

        @Override
        public DeviceMatrix forward(DeviceMatrix x, boolean training) {
            input = x;
            DeviceMatrix y = output.rows(x.rows());
            backend.activation(activation, x, y);
            return y;
        }

        @Override
        public DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters) {
            DeviceMatrix gradX = gradInput.rows(gradOutput.rows());
            backend.activationBackward(activation, input, gradOutput, gradX);
            return gradX;
        }

        @Override
        public void close() {
            output.close();
            gradInput.close();
        }
    }

    private final class MaxPool implements Stage {
        private final PoolGeometry geometry;
        private final Workspace output, argmax, gradInput;
        private DeviceMatrix winners;

        MaxPool(PoolGeometry geometry, FeatureShape out) {
            this.geometry = geometry;
            output = new Workspace(backend, (int) out.size());
            argmax = new Workspace(backend, (int) out.size());
            gradInput = new Workspace(backend, geometry.imageSize());
        }

        @Override
        public DeviceMatrix forward(DeviceMatrix x, boolean training) {
            DeviceMatrix y = output.rows(x.rows());
            winners = argmax.rows(x.rows());
            images.maxPool(geometry, x, y, winners);
            return y;
        }

        @Override
        public DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters) {
            DeviceMatrix gradX = gradInput.rows(gradOutput.rows());
            images.maxPoolBackward(geometry, gradOutput, winners, gradX);
            return gradX;
        }

        @Override
        public void close() {
            output.close();
            argmax.close();
            gradInput.close();
        }
    }

    private final class AveragePool implements Stage {
        private final PoolGeometry geometry;
        private final Workspace output, gradInput;

        AveragePool(PoolGeometry geometry, FeatureShape out) {
            this.geometry = geometry;
            output = new Workspace(backend, (int) out.size());
            gradInput = new Workspace(backend, geometry.imageSize());
        }

        @Override
        public DeviceMatrix forward(DeviceMatrix x, boolean training) {
            DeviceMatrix y = output.rows(x.rows());
            images.averagePool(geometry, x, y);
            return y;
        }

        @Override
        public DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters) {
            DeviceMatrix gradX = gradInput.rows(gradOutput.rows());
            images.averagePoolBackward(geometry, gradOutput, gradX);
            return gradX;
        }

        @Override
        public void close() {
            output.close();
            gradInput.close();
        }
    }

    /**
     * BatchNorm2d on images (statistics over the batch and every position, computed on a
     * channels-last [N*P, C] copy) or BatchNorm1d on features; its running statistics are
     * buffers, not parameters.
     */
    final class Norm implements Stage {
        final BatchNormLayer layer;
        private final int channels, positions;
        private final boolean spatial;
        private final Workspace channelsLast, output, gradient, gradInput;

        Norm(FeatureShape in, long offset) {
            channels = in.channels();
            positions = in.height() * in.width();
            spatial = in.spatial();
            layer = new BatchNormLayer(backend, parameters, gradients, offset, channels);
            channelsLast = new Workspace(backend, channels);
            output = new Workspace(backend, (int) in.size());
            gradient = new Workspace(backend, channels);
            gradInput = new Workspace(backend, (int) in.size());
        }

        @Override
        public DeviceMatrix forward(DeviceMatrix x, boolean training) {
            if (!spatial) return layer.forward(x, training);
            DeviceMatrix rows = channelsLast.rows(x.rows() * positions);
            images.toChannelsLast(x, positions, rows);
            DeviceMatrix normalized = layer.forward(rows, training);
            DeviceMatrix y = output.rows(x.rows());
            images.fromChannelsLast(normalized, positions, y);
            return y;
        }

        @Override
        public DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters) {
            // BatchNormLayer works in place: on a copy, so the next layer's buffer (or the loss's) is left as it was.
            DeviceMatrix rows = gradient.rows(gradOutput.rows() * (spatial ? positions : 1));
            if (spatial) images.toChannelsLast(gradOutput, positions, rows); else backend.copy(gradOutput, rows);
            if (needParameters) layer.backward(rows); else layer.inputBackward(rows);
            if (!spatial) return rows;
            DeviceMatrix gradX = gradInput.rows(gradOutput.rows());
            images.fromChannelsLast(rows, positions, gradX);
            return gradX;
        }

        @Override public long parameterCount() { return 2L * channels; }

        @Override
        public void close() {
            layer.close();
            channelsLast.close();
            output.close();
            gradient.close();
            gradInput.close();
        }
    }

    /** Batch-norm stages in order, for their running statistics (model files). */
    List<Norm> normalizations() {
        List<Norm> norms = new ArrayList<>();
        for (Stage stage : leaves()) if (stage instanceof Norm norm) norms.add(norm);
        return norms;
    }

    /**
     * torchvision's BasicBlock: conv1 (3x3, stride), bn1, relu, conv2 (3x3), bn2, plus the
     * shortcut (the input, or downsample = 1x1 convolution with the stride and BatchNorm when the
     * shape changes), then relu. Its parameters lie in that order, as its state_dict keys do.
     */
    private final class Block implements Stage {
        private final Convolution conv1, conv2, projection;
        private final Norm bn1, bn2, projectionNorm;
        private final Nonlinear relu1, relu2;
        private final Workspace sum, gradInput;
        private final long count;

        Block(Layer.BasicBlock block, FeatureShape in, FeatureShape out, long offset) {
            FeatureShape middle = block.conv1().output(in, "block");
            long at = offset;
            conv1 = new Convolution(block.conv1(), in, middle, at);
            at += conv1.parameterCount();
            bn1 = new Norm(middle, at);
            at += bn1.parameterCount();
            Layer.Nonlinearity relu = new Layer.Nonlinearity(Activation.RELU);
            relu1 = new Nonlinear(relu, middle);
            conv2 = new Convolution(block.conv2(), middle, out, at);
            at += conv2.parameterCount();
            bn2 = new Norm(out, at);
            at += bn2.parameterCount();
            if (block.projects(in)) {
                projection = new Convolution(block.projection(), in, out, at);
                at += projection.parameterCount();
                projectionNorm = new Norm(out, at);
                at += projectionNorm.parameterCount();
            } else {
                projection = null;
                projectionNorm = null;
            }
            relu2 = new Nonlinear(relu, out);
            sum = new Workspace(backend, (int) out.size());
            gradInput = new Workspace(backend, (int) in.size());
            count = at - offset;
        }

        List<Stage> parts() {
            List<Stage> parts = new ArrayList<>(List.of(conv1, bn1, relu1, conv2, bn2));
            if (projection != null) parts.addAll(List.of(projection, projectionNorm));
            parts.add(relu2);
            return parts;
        }

        @Override
        public DeviceMatrix forward(DeviceMatrix x, boolean training) {
            DeviceMatrix main = bn2.forward(conv2.forward(relu1.forward(bn1.forward(conv1.forward(x, training), training),
                    training), training), training);
            DeviceMatrix shortcut = projection == null ? x : projectionNorm.forward(projection.forward(x, training), training);
            DeviceMatrix total = sum.rows(x.rows());
            backend.addScaled(1f, main, 1f, shortcut, total);
            return relu2.forward(total, training);
        }

        @Override
        public DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters) {
            boolean p = needParameters;
            DeviceMatrix gradSum = relu2.backward(gradOutput, true, p);
            // Norm copies the gradient it is given, so gradSum reaches both branches unchanged.
            DeviceMatrix gradMain = conv1.backward(bn1.backward(relu1.backward(conv2.backward(bn2.backward(gradSum, true, p), true, p),
                    true, p), true, p), needInput, p);
            DeviceMatrix gradShortcut = projection == null ? gradSum
                    : projection.backward(projectionNorm.backward(gradSum, true, p), needInput, p);
            if (!needInput) return null;
            DeviceMatrix gradX = gradInput.rows(gradOutput.rows());
            backend.addScaled(1f, gradMain, 1f, gradShortcut, gradX);
            return gradX;
        }

        @Override public long parameterCount() { return count; }

        @Override
        public void close() {
            for (Stage part : parts()) part.close();
            sum.close();
            gradInput.close();
        }
    }

    /** flatten: NCHW rows already are the flat features. */
    private static final class Passthrough implements Stage {
        @Override public DeviceMatrix forward(DeviceMatrix x, boolean training) { return x; }

        @Override public DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters) { return gradOutput; }
    }

    /** Inverted dropout with a Philox mask per training step and layer; the identity outside training. */
    private final class Drop implements Stage {
        private final float rate;
        private final int layerIndex;
        private final Workspace output, masks, gradInput;
        private DeviceMatrix mask;

        Drop(float rate, FeatureShape shape, int layerIndex) {
            this.rate = rate;
            this.layerIndex = layerIndex;
            output = new Workspace(backend, (int) shape.size());
            masks = new Workspace(backend, (int) shape.size());
            gradInput = new Workspace(backend, (int) shape.size());
        }

        @Override
        public DeviceMatrix forward(DeviceMatrix x, boolean training) {
            if (!training || rate == 0) {
                mask = null;
                return x;
            }
            mask = masks.rows(x.rows());
            backend.dropoutMask(mask, seed, DROPOUT_STREAM_BASE + trainingSteps * network.layers().size() + layerIndex, rate);
            DeviceMatrix y = output.rows(x.rows());
            backend.multiply(x, mask, y);
            return y;
        }

        @Override
        public DeviceMatrix backward(DeviceMatrix gradOutput, boolean needInput, boolean needParameters) {
            if (mask == null) return gradOutput;
            DeviceMatrix gradX = gradInput.rows(gradOutput.rows());
            backend.multiply(gradOutput, mask, gradX);
            return gradX;
        }

        @Override
        public void close() {
            output.close();
            masks.close();
            gradInput.close();
        }
    }
}
