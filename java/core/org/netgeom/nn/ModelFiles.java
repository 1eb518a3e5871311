package org.netgeom.nn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.netgeom.data.Dataset;
import org.netgeom.data.InputBinarization;
import org.netgeom.data.InputExpansion;
import org.netgeom.data.SafeTensor;
import org.netgeom.data.SafeTensors;
import org.netgeom.data.SafeTensorsFile;
import org.netgeom.io.HeapBudget;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Models as safetensors files PyTorch opens unchanged: an MLP as {@code layers.{i}.weight}
 * [out, in] and {@code layers.{i}.bias} [out]; random features as {@code features.weight}
 * [p, d] and {@code readout.weight} [k, p] (f(x) = readout sigma(features x / sqrt d) / sqrt p).
 * Metadata: netgeom.model (mlp | random-features), netgeom.architecture, netgeom.activation,
 * netgeom.version, plus whatever the caller adds (seed, backend, loss).
 *
 * <p>One naming rule for every command (docs/LIBRARY.md, "Model files"): a model netgeom writes
 * is {@link #FILE_NAME} in a folder of its own, beside the JSON that says how it was made; every
 * method here that reads a model takes that file or its folder ({@link #locate}).
 */
public final class ModelFiles {
    public static final String MODEL_KEY = "netgeom.model";
    public static final String ARCHITECTURE_KEY = "netgeom.architecture";
    public static final String ACTIVATION_KEY = "netgeom.activation";
    public static final String LOSS_KEY = "netgeom.loss";
    public static final String VERSION_KEY = "netgeom.version";
    public static final String DROPOUT_KEY = "netgeom.dropout";
    public static final String BATCH_NORM_KEY = "netgeom.batch_norm";
    public static final String FEATURE_SEED_KEY = "netgeom.feature_seed";

    /** The name of a model file in its folder. */
    public static final String FILE_NAME = "model.safetensors";
    /** Names earlier versions gave a folder's model, read when it has no {@link #FILE_NAME}: starlight's star.safetensors. */
    public static final List<String> OLD_FILE_NAMES = List.of("star.safetensors");

    private ModelFiles() {}

    /**
     * The model file {@code path} names: a file as it is; a folder's {@link #FILE_NAME}, else
     * its model under an {@linkplain #OLD_FILE_NAMES old name}.
     */
    public static Path locate(Path path) {
        if (!Files.isDirectory(path)) return path;
        Path file = path.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) return file;
        for (String oldName : OLD_FILE_NAMES) {
            if (Files.isRegularFile(path.resolve(oldName))) return path.resolve(oldName);
        }
        throw new InvalidInputException("folder " + path + " holds no " + FILE_NAME + " (nor " + String.join(", ", OLD_FILE_NAMES)
                + ", an older name): give a model file, or a folder netgeom wrote a model into");
    }

    /**
     * Where to save a model named {@code path}: a {@code .safetensors} path is the file itself;
     * any other path is a folder, and the model its {@link #FILE_NAME}.
     */
    public static Path target(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(".safetensors") ? path : path.resolve(FILE_NAME);
    }

    /**
     * Writes {@code model} (an MLP or random features) as safetensors with netgeom's metadata plus
     * {@code extraMetadata}, which wins on equal keys.
     */
    public static void save(TrainableModel model, Path path, Map<String, String> extraMetadata) {
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Backend backend = model.backend();
        if (model instanceof Mlp mlp) {
            Architecture a = mlp.architecture();
            for (int i = 0; i < a.layerCount(); i++) {
                tensors.put("layers." + i + ".weight", tensor(backend.download(mlp.weight(i)), false));
                tensors.put("layers." + i + ".bias", tensor(backend.download(mlp.bias(i)), true));
            }
            metadata.put(MODEL_KEY, "mlp");
            metadata.put(ARCHITECTURE_KEY, a.toString());
            List<String> names = new ArrayList<>();
            for (Activation act : mlp.activations()) names.add(act.cliName());
            metadata.put(ACTIVATION_KEY, names.isEmpty() ? "identity" : String.join(",", names));
            metadata.put(DROPOUT_KEY, Float.toString(mlp.options().dropout()));
            metadata.put(BATCH_NORM_KEY, Boolean.toString(mlp.options().batchNorm()));
            saveBatchNorm(mlp, tensors);
        } else if (model instanceof ConvNet net) {
            NetworkFiles.save(net, tensors, metadata);
        } else if (model instanceof RandomFeatures rf) {
            tensors.put("features.weight", tensor(backend.download(rf.featureMatrix()), false));
            tensors.put("readout.weight", tensor(backend.download(rf.readout()), false));
            metadata.put(MODEL_KEY, "random-features");
            metadata.put(ARCHITECTURE_KEY, rf.inputDim() + "-" + rf.featureCount() + "-" + rf.outputDim());
            metadata.put(ACTIVATION_KEY, rf.activation().cliName());
            metadata.put(FEATURE_SEED_KEY, Long.toString(rf.seed()));
        } else {
            throw new IllegalArgumentException("cannot save a " + model.getClass().getSimpleName());
        }
        String version = ModelFiles.class.getPackage().getImplementationVersion();
        metadata.put(VERSION_KEY, version == null ? "dev" : version);
        metadata.putAll(extraMetadata);
        SafeTensors.write(path, tensors, metadata);
    }

    /**
     * Loads an MLP or random-features model written by {@link #save}; anything else is a clear
     * error. Every tensor the metadata's architecture needs is checked (present, shape, finite)
     * before the model's parameters are allocated, so a small file cannot ask for a huge model.
     */
    public static TrainableModel load(Backend backend, Path path) {
        return load(backend, path, Activation.RELU);
    }

    /**
     * {@link #load(Backend, Path)}, reading a plain PyTorch state_dict of Linear layers (no
     * netgeom metadata, see {@link TorchStateDict}) with {@code plainActivation} between its
     * layers; netgeom's own files record their activations and ignore it.
     */
    public static TrainableModel load(Backend backend, Path path, Activation plainActivation) {
        Path file = locate(path);
        return load(backend, SafeTensors.read(file), file, plainActivation);
    }

    /** {@link #load(Backend, Path)} of contents already read; {@code path} names them in messages. */
    static TrainableModel load(Backend backend, SafeTensorsFile contents, Path path) {
        return load(backend, contents, path, Activation.RELU);
    }

    private static TrainableModel load(Backend backend, SafeTensorsFile contents, Path path, Activation plainActivation) {
        String kind = contents.metadata().get(MODEL_KEY);
        if (kind == null) {
            TorchStateDict plain = TorchStateDict.of(contents, path);
            return loadMlp(backend, path, contents, plain.architecture(), List.of(plainActivation), MlpOptions.none(),
                    plain.weightKeys()::get, plain.biasKeys()::get);
        }
        ModelMetadata metadata = new ModelMetadata(contents.metadata(), path);
        return switch (kind) {
            case "mlp" -> {
                Architecture architecture = metadata.architecture();
                yield loadMlp(backend, path, contents, architecture, metadata.activations(architecture), metadata.mlpOptions(),
                        i -> "layers." + i + ".weight", i -> "layers." + i + ".bias");
            }
            case "random-features" -> loadRandomFeatures(backend, path, contents, metadata.architecture(),
                    metadata.activation(), metadata.featureSeed());
            case NetworkFiles.KIND -> NetworkFiles.load(backend, contents, path);
            default -> throw new InvalidInputException(path + ": unknown " + MODEL_KEY + " '" + ModelMetadata.shorten(kind)
                    + "' (mlp, random-features or network)");
        };
    }

    /** The loss the model was trained with (metadata), else cross-entropy for classes and mse otherwise. */
    public static Loss trainingLoss(Path path, int classes) {
        Path file = locate(path);
        Loss loss = new ModelMetadata(SafeTensors.read(file).metadata(), file).lossOrNull();
        if (loss != null) return loss;
        return classes > 0 ? Loss.CROSS_ENTROPY : Loss.SQUARED_ERROR;
    }

    /** The input expansion the model was trained with (identity when none). */
    public static InputExpansion inputExpansion(Path path) {
        return InputExpansion.fromMetadata(SafeTensors.read(locate(path)).metadata());
    }

    /** The binarization the model was trained with, or null when it was trained on raw inputs. */
    public static InputBinarization inputBinarization(Path path) {
        return InputBinarization.fromMetadata(SafeTensors.read(locate(path)).metadata());
    }

    /**
     * Data as the model at {@code path} expects it: a model trained on binarized inputs gets its
     * data binarized the same way, then a model trained on expanded inputs gets the same
     * expansion applied to unexpanded data.
     */
    public static Dataset matchInputs(Path path, Dataset data, int modelInputDim) {
        InputBinarization binarization = inputBinarization(path);
        if (binarization != null) data = binarization.apply(data);
        if (data.inputDim() == modelInputDim) return data;
        InputExpansion expansion = inputExpansion(path);
        if (!expansion.isIdentity() && expansion.expandedDim(data.inputDim()) == modelInputDim) return expansion.apply(data);
        throw new InvalidInputException("model " + path + " takes " + modelInputDim + " inputs but the data has "
                + data.inputDim() + " features");
    }

    /** Batch norm of hidden layer i as PyTorch's BatchNorm1d names it: layers.{i}.bn.weight, .bias, .running_mean, .running_var. */
    private static void saveBatchNorm(Mlp mlp, Map<String, SafeTensor> tensors) {
        Backend backend = mlp.backend();
        for (int i = 0; i < mlp.architecture().layerCount(); i++) {
            BatchNormLayer bn = mlp.batchNorm(i);
            if (bn == null) continue;
            String prefix = "layers." + i + ".bn.";
            tensors.put(prefix + "weight", tensor(backend.download(bn.gamma), true));
            tensors.put(prefix + "bias", tensor(backend.download(bn.beta), true));
            tensors.put(prefix + "running_mean", tensor(backend.download(bn.runningMean), true));
            tensors.put(prefix + "running_var", tensor(backend.download(bn.runningVariance), true));
        }
    }

    /** {@link #matchInputs(Path, Dataset, int)} with the input size read from the file's architecture. */
    public static Dataset matchInputs(Path path, Dataset data) {
        path = locate(path);
        SafeTensorsFile contents = SafeTensors.read(path);
        Map<String, String> metadata = contents.metadata();
        if (!metadata.containsKey(MODEL_KEY)) {
            return matchInputs(path, data, TorchStateDict.of(contents, path).architecture().inputDim());
        }
        if (!metadata.containsKey(ARCHITECTURE_KEY)) {
            throw new InvalidInputException(path + " is not a netgeom model (no " + ARCHITECTURE_KEY + ")");
        }
        if (NetworkFiles.KIND.equals(metadata.get(MODEL_KEY))) return matchInputs(path, data, NetworkFiles.inputDim(metadata, path));
        return matchInputs(path, data, new ModelMetadata(metadata, path).architecture().inputDim());
    }

    /** {@code weightKey} and {@code biasKey} name layer i's tensors; a null bias key means zero biases. */
    private static Mlp loadMlp(Backend backend, Path path, SafeTensorsFile contents, Architecture architecture,
                               List<Activation> activations, MlpOptions options, IntFunction<String> weightKey,
                               IntFunction<String> biasKey) {
        // Every tensor is found and checked before anything the size of the model is allocated:
        // a file's tensors are at most as large as the file, its metadata's widths can be anything.
        List<float[]> layerTensors = new ArrayList<>();
        for (int i = 0; i < architecture.layerCount(); i++) {
            int in = architecture.fanIn(i), out = architecture.fanOut(i);
            layerTensors.add(tensorData(contents, weightKey.apply(i), new long[] {out, in}, path));
            String bias = biasKey.apply(i);
            layerTensors.add(bias == null ? new float[out] : tensorData(contents, bias, new long[] {out}, path));
        }
        List<float[][]> batchNormTensors = new ArrayList<>();
        for (int i = 0; options.batchNorm() && i < architecture.layerCount() - 1; i++) {
            long[] shape = {architecture.fanOut(i)};
            String prefix = "layers." + i + ".bn.";
            float[] runningVariance = tensorData(contents, prefix + "running_var", shape, path);
            requireNonNegative(runningVariance, prefix + "running_var", path);
            batchNormTensors.add(new float[][] {tensorData(contents, prefix + "weight", shape, path),
                    tensorData(contents, prefix + "bias", shape, path),
                    tensorData(contents, prefix + "running_mean", shape, path), runningVariance});
        }
        long count = Mlp.parameterCount(architecture, options);
        if (count > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(path + ": architecture " + architecture + " has " + count
                    + " parameters; at most " + (Integer.MAX_VALUE - 8) + " fit one flat vector");
        }
        HeapBudget.require(4 * count, "the " + count + " parameters of model " + path);
        Matrix flat = new Matrix(1, (int) count);
        for (int i = 0; i < architecture.layerCount(); i++) {
            float[] weight = layerTensors.get(2 * i), bias = layerTensors.get(2 * i + 1);
            System.arraycopy(weight, 0, flat.data(), (int) architecture.weightOffset(i), weight.length);
            System.arraycopy(bias, 0, flat.data(), (int) architecture.biasOffset(i), bias.length);
        }
        int offset = (int) architecture.parameterCount();
        for (float[][] bn : batchNormTensors) {
            System.arraycopy(bn[0], 0, flat.data(), offset, bn[0].length);
            System.arraycopy(bn[1], 0, flat.data(), offset + bn[0].length, bn[1].length);
            offset += 2 * bn[0].length;
        }
        Mlp mlp = new Mlp(backend, architecture, activations, options).loadParameters(flat);
        for (int i = 0; i < batchNormTensors.size(); i++) {
            float[][] bn = batchNormTensors.get(i);
            mlp.batchNorm(i).loadRunningStatistics(new Matrix(1, bn[2].length, bn[2]), new Matrix(1, bn[3].length, bn[3]));
        }
        return mlp;
    }

    private static RandomFeatures loadRandomFeatures(Backend backend, Path path, SafeTensorsFile contents,
                                                     Architecture dims, Activation activation, long seed) {
        int[] w = dims.widths();
        if (w.length != 3) {
            throw new InvalidInputException(path + ": metadata " + ARCHITECTURE_KEY + " of a random-features model must be"
                    + " d-p-k, got " + ModelMetadata.shorten(dims.toString()));
        }
        float[] features = tensorData(contents, "features.weight", new long[] {w[1], w[0]}, path);
        float[] readout = tensorData(contents, "readout.weight", new long[] {w[2], w[1]}, path);
        RandomFeatures model = new RandomFeatures(backend, w[0], w[1], w[2], activation, seed);
        return model.loadFeatures(new Matrix(w[1], w[0], features)).loadReadout(new Matrix(w[2], w[1], readout));
    }

    /** The values of tensor {@code name}, which must be there, have {@code shape} and be finite. */
    static float[] tensorData(SafeTensorsFile contents, String name, long[] shape, Path path) {
        SafeTensor tensor = contents.tensors().get(name);
        if (tensor == null) throw new InvalidInputException(path + " has no tensor " + name + " that its architecture needs");
        if (!Arrays.equals(tensor.shape(), shape)) {
            throw new InvalidInputException(path + ": tensor " + name + " has shape " + Arrays.toString(tensor.shape())
                    + ", its architecture needs " + Arrays.toString(shape));
        }
        float[] values = tensor.data();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException(path + ": tensor " + name + " holds " + values[i] + " at element " + i
                        + "; a model's parameters must be finite (the training that wrote it diverged: retrain, e.g."
                        + " with a smaller learning rate)");
            }
        }
        return values;
    }

    private static void requireNonNegative(float[] variances, String name, Path path) {
        for (int i = 0; i < variances.length; i++) {
            if (variances[i] < 0) {
                throw new InvalidInputException(path + ": tensor " + name + " holds the variance " + variances[i]
                        + " at element " + i + "; variances are >= 0");
            }
        }
    }

    private static SafeTensor tensor(Matrix m, boolean vector) {
        long[] shape = vector ? new long[] {m.size()} : new long[] {m.rows(), m.cols()};
        return SafeTensor.f32(shape, m.data());
    }
}
