package org.netgeom.star;

import java.nio.file.Path;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/**
 * Loading and checking the models that barriers, alignment and Starlight work on: MLPs, and
 * convolutional networks ({@link ConvNet}, BatchNorm and residual blocks included).
 */
public final class StarModels {
    private StarModels() {}

    /** The MLP at {@code path}; a random-features model or a file that is not a netgeom model is bad input. */
    public static Mlp load(Backend backend, Path path) {
        return load(backend, path, Activation.RELU);
    }

    /** {@link #load(Backend, Path)}, reading a plain PyTorch state_dict with {@code plainActivation} between its layers. */
    public static Mlp load(Backend backend, Path path, Activation plainActivation) {
        TrainableModel model = ModelFiles.load(backend, path, plainActivation);
        if (model instanceof Mlp mlp) {
            requireSupported(mlp, path.toString());
            return mlp;
        }
        model.close();
        throw new InvalidInputException(path + " is a random-features model; star-domain commands (barrier, align, "
                + "starlight) need MLPs written by netgeom train or netgeom zoo");
    }

    /**
     * The model at {@code path}: an MLP (without BatchNorm) or a convolutional network; a
     * random-features model or a file that is not a netgeom model is bad input.
     */
    public static TrainableModel loadModel(Backend backend, Path path, Activation plainActivation) {
        TrainableModel model = ModelFiles.load(backend, path, plainActivation);
        if (model instanceof Mlp mlp) {
            try {
                requireSupported(mlp, path.toString());
            } catch (RuntimeException e) {
                mlp.close();
                throw e;
            }
            return mlp;
        }
        if (model instanceof ConvNet) return model;
        model.close();
        throw new InvalidInputException(path + " is a random-features model; star-domain commands (barrier, align, "
                + "starlight) need MLPs or convolutional networks written by netgeom train or netgeom zoo");
    }

    /**
     * A zero-parameter model of the same kind and shape (an MLP's activations and options, a
     * network's layers and input shape), for interpolated parameters; a network's BatchNorm
     * running statistics start at mean 0, variance 1.
     */
    public static TrainableModel sameShape(TrainableModel model) {
        return switch (model) {
            case Mlp mlp -> sameShape(mlp);
            case ConvNet net -> new ConvNet(net.backend(), net.network(), net.inputFit());
            default -> throw new InvalidInputException("star-domain measurements take MLPs and convolutional networks, not "
                    + model.getClass().getSimpleName());
        };
    }

    /** Whether inference depends on running statistics that an interpolated model must recompute. */
    public static boolean hasBatchNorm(TrainableModel model) {
        return model instanceof ConvNet net ? net.hasBatchNorm() : model instanceof Mlp mlp && mlp.options().batchNorm();
    }

    /** Throws naming both models unless they are the same kind with the same shape. */
    public static void requireCompatible(TrainableModel a, String nameA, TrainableModel b, String nameB) {
        if (!describe(a).equals(describe(b))) {
            throw new InvalidInputException("models have different architectures: " + nameA + " is " + describe(a)
                    + ", " + nameB + " is " + describe(b) + "; interpolation and alignment need the same architecture");
        }
    }

    /**
     * An MLP as {@link #describe(Mlp)}; a network as its architecture, input shape (and the data's
     * when they differ) and outputs, e.g. "conv:8p1,bn,relu,...,linear:10 on 1x28x28 -> 10".
     */
    public static String describe(TrainableModel model) {
        return switch (model) {
            case Mlp mlp -> describe(mlp);
            case ConvNet net -> net.network().architecture() + " on " + net.inputShape()
                    + (net.inputFit().identity() ? "" : " (from " + net.inputFit().data() + " data)") + " -> " + net.outputDim();
            default -> model.getClass().getSimpleName();
        };
    }

    /** A zero-parameter MLP of the same architecture, activations and options (for interpolated parameters). */
    public static Mlp sameShape(Mlp model) {
        return new Mlp(model.backend(), model.architecture(), model.activations(), model.options());
    }

    /** Throws naming both architectures unless the models have the same shape and activations. */
    public static void requireCompatible(Mlp a, String nameA, Mlp b, String nameB) {
        if (!describe(a).equals(describe(b))) {
            throw new InvalidInputException("models have different architectures: " + nameA + " is " + describe(a)
                    + ", " + nameB + " is " + describe(b) + "; interpolation and alignment need the same architecture");
        }
    }

    static void requireSupported(Mlp model, String name) {
        if (model.options().batchNorm()) {
            throw InvalidInputException.forField("batchNorm", name + " has batch normalization; star-domain commands do not"
                    + " yet recompute running statistics of interpolated models: use models trained without {batchNorm}");
        }
    }

    /** Architecture plus hidden activations, e.g. "784-64-10 (relu)". */
    public static String describe(Mlp model) {
        StringBuilder names = new StringBuilder();
        for (var activation : model.activations()) names.append(names.isEmpty() ? "" : ",").append(activation.cliName());
        return model.architecture() + " (" + (names.isEmpty() ? "linear" : names) + ")";
    }
}
