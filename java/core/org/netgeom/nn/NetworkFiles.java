package org.netgeom.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.netgeom.data.SafeTensor;
import org.netgeom.data.SafeTensorsFile;
import org.netgeom.io.HeapBudget;
import org.netgeom.nn.layers.Network;
import org.netgeom.nn.layers.NetworkDescription;
import org.netgeom.nn.layers.StateEntry;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * A {@link ConvNet} in a model file: every parameter under its PyTorch state_dict key and shape
 * (docs/methods/networks.md), so {@code examples/python/netgeom_torch.py} rebuilds the module and
 * loads the file; the metadata holds the architecture, the input shape and the class count.
 */
final class NetworkFiles {
    static final String KIND = "network";
    static final String INPUT_SHAPE_KEY = "netgeom.input_shape";
    /** Present when the data's images are padded or copied into channels to make the input shape ({@link InputFit}). */
    static final String DATA_SHAPE_KEY = "netgeom.data_shape";
    static final String CLASSES_KEY = "netgeom.classes";

    private NetworkFiles() {}

    /**
     * Parameters from the flat vector in state_dict order, BatchNorm's running statistics from its
     * layers; {@code num_batches_tracked} (an int64 step counter PyTorch only uses when momentum is
     * None) is not written, as for MLPs.
     */
    static void save(ConvNet net, Map<String, SafeTensor> tensors, Map<String, String> metadata) {
        float[] flat = net.backend().download(net.parameters()).data();
        List<ConvNet.Norm> norms = net.normalizations();
        int offset = 0, norm = 0;
        for (StateEntry entry : NetworkDescription.of(net.network(), net.inputShape()).state()) {
            long[] shape = entry.shape().stream().mapToLong(Integer::longValue).toArray();
            if (entry.parameter()) {
                int size = (int) entry.size();
                tensors.put(entry.key(), SafeTensor.f32(shape, Arrays.copyOfRange(flat, offset, offset + size)));
                offset += size;
            } else if (entry.key().endsWith(".running_mean")) {
                tensors.put(entry.key(), SafeTensor.f32(shape, net.backend().download(norms.get(norm).layer.runningMean).data()));
            } else if (entry.key().endsWith(".running_var")) {
                tensors.put(entry.key(), SafeTensor.f32(shape, net.backend().download(norms.get(norm++).layer.runningVariance).data()));
            }
        }
        metadata.put(ModelFiles.MODEL_KEY, KIND);
        metadata.put(ModelFiles.ARCHITECTURE_KEY, net.network().architecture());
        metadata.put(INPUT_SHAPE_KEY, net.inputShape().toString());
        if (!net.inputFit().identity()) metadata.put(DATA_SHAPE_KEY, net.inputFit().data().toString());
        metadata.put(CLASSES_KEY, Integer.toString(net.outputDim()));
    }

    /** The input size a network file takes, from its metadata. */
    static int inputDim(Map<String, String> metadata, Path path) {
        return inputFit(metadata, path).data().size();
    }

    static ConvNet load(Backend backend, SafeTensorsFile contents, Path path) {
        Map<String, String> metadata = contents.metadata();
        ImageShape shape = inputShape(metadata, path);
        String architecture = required(metadata, ModelFiles.ARCHITECTURE_KEY, path);
        int classes;
        try {
            classes = Integer.parseInt(required(metadata, CLASSES_KEY, path));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(path + ": metadata " + CLASSES_KEY + " is not a whole number");
        }
        Network network = Network.parse(architecture, classes);
        NetworkDescription description = NetworkDescription.of(network, shape);
        // Every tensor is found and checked (present, shape, finite) before anything the size of the
        // model is allocated: the tensors are at most as large as the file, the metadata's spec can be anything.
        long count = description.parameters();
        if (count > Integer.MAX_VALUE - 8) throw new InvalidInputException(path + ": " + architecture + " has " + count + " parameters");
        List<float[]> parameterValues = new ArrayList<>();
        List<float[]> runningStatistics = new ArrayList<>();
        for (StateEntry entry : description.state()) {
            if (entry.key().endsWith(".num_batches_tracked")) continue;
            long[] dims = entry.shape().stream().mapToLong(Integer::longValue).toArray();
            float[] values = ModelFiles.tensorData(contents, entry.key(), dims, path);
            if (entry.parameter()) {
                parameterValues.add(values);
                continue;
            }
            if (entry.key().endsWith(".running_var")) {
                for (float v : values) {
                    if (v < 0) throw new InvalidInputException(path + ": " + entry.key() + " has a negative variance " + v);
                }
            }
            runningStatistics.add(values);
        }
        HeapBudget.require(8 * count, "the " + count + " parameters (and gradients) of model " + path);
        Matrix flat = new Matrix(1, (int) Math.max(1, count));
        int offset = 0;
        for (float[] values : parameterValues) {
            System.arraycopy(values, 0, flat.data(), offset, values.length);
            offset += values.length;
        }
        ConvNet net = new ConvNet(backend, network, inputFit(metadata, path));
        try {
            List<ConvNet.Norm> norms = net.normalizations();
            for (int i = 0; i < norms.size(); i++) {
                float[] mean = runningStatistics.get(2 * i), variance = runningStatistics.get(2 * i + 1);
                norms.get(i).layer.loadRunningStatistics(new Matrix(1, mean.length, mean), new Matrix(1, variance.length, variance));
            }
            return net.loadParameters(flat);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    private static ImageShape inputShape(Map<String, String> metadata, Path path) {
        return ImageShape.parse(required(metadata, INPUT_SHAPE_KEY, path));
    }

    private static InputFit inputFit(Map<String, String> metadata, Path path) {
        ImageShape network = inputShape(metadata, path);
        String data = metadata.get(DATA_SHAPE_KEY);
        try {
            return new InputFit(data == null ? network : ImageShape.parse(data), network);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(path + ": metadata " + DATA_SHAPE_KEY + " " + data + " does not fit "
                    + INPUT_SHAPE_KEY + " " + network + ": " + e.getMessage());
        }
    }

    private static String required(Map<String, String> metadata, String key, Path path) {
        String value = metadata.get(key);
        if (value == null) throw new InvalidInputException(path + " is a network model file without metadata " + key);
        return value;
    }
}
