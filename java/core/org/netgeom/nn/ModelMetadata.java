package org.netgeom.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;

/**
 * The values of a model file's metadata, each checked as it is read: a model file comes from
 * anywhere, so a bad value is an {@link InvalidInputException} naming the file, the key, the
 * value and what the key allows, never a NumberFormatException or a silent default.
 */
final class ModelMetadata {
    private final Map<String, String> metadata;
    private final Path path;

    ModelMetadata(Map<String, String> metadata, Path path) {
        this.metadata = metadata;
        this.path = path;
    }

    /** The value of {@code key}; a missing one is an error. */
    String require(String key) {
        String value = metadata.get(key);
        if (value == null) throw new InvalidInputException(path + " has no " + key + " in its metadata");
        return value;
    }

    Architecture architecture() {
        String text = require(ModelFiles.ARCHITECTURE_KEY);
        try {
            return Architecture.parse(text);
        } catch (InvalidInputException e) {
            throw bad(ModelFiles.ARCHITECTURE_KEY, text, "two or more layer widths >= 1 joined by '-', like 784-256-10");
        }
    }

    /** The hidden layers' activations: one name for all, or one per hidden layer, comma-separated. */
    List<Activation> activations(Architecture architecture) {
        String text = metadata.getOrDefault(ModelFiles.ACTIVATION_KEY, "relu");
        List<Activation> activations = new ArrayList<>();
        for (String name : text.split(",", -1)) activations.add(activation(name, text));
        int hidden = architecture.layerCount() - 1;
        if (hidden == 0) return List.of();
        if (activations.size() != 1 && activations.size() != hidden) {
            throw bad(ModelFiles.ACTIVATION_KEY, text, "one activation, or one per hidden layer (" + hidden + " for "
                    + architecture + ")");
        }
        return activations;
    }

    /** The single activation of a random-features model. */
    Activation activation() {
        String text = metadata.getOrDefault(ModelFiles.ACTIVATION_KEY, "relu");
        return activation(text, text);
    }

    private Activation activation(String name, String text) {
        try {
            return Activation.parse(name);
        } catch (InvalidInputException e) {
            throw bad(ModelFiles.ACTIVATION_KEY, text, "identity, relu, tanh, erf or gelu, one per hidden layer, comma-separated");
        }
    }

    MlpOptions mlpOptions() {
        String dropoutText = metadata.getOrDefault(ModelFiles.DROPOUT_KEY, "0");
        float dropout;
        try {
            dropout = Float.parseFloat(dropoutText);
        } catch (NumberFormatException e) {
            throw bad(ModelFiles.DROPOUT_KEY, dropoutText, "a number in [0, 1)");
        }
        if (!(dropout >= 0 && dropout < 1)) throw bad(ModelFiles.DROPOUT_KEY, dropoutText, "a number in [0, 1)");
        String batchNormText = metadata.getOrDefault(ModelFiles.BATCH_NORM_KEY, "false");
        if (!batchNormText.equals("true") && !batchNormText.equals("false")) {
            throw bad(ModelFiles.BATCH_NORM_KEY, batchNormText, "true or false");
        }
        return new MlpOptions(dropout, Boolean.parseBoolean(batchNormText));
    }

    long featureSeed() {
        String text = metadata.getOrDefault(ModelFiles.FEATURE_SEED_KEY, "0");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad(ModelFiles.FEATURE_SEED_KEY, text, "a whole number (the seed of the feature matrix)");
        }
    }

    /** The training loss, or null when the file does not record one. */
    Loss lossOrNull() {
        String text = metadata.get(ModelFiles.LOSS_KEY);
        if (text == null) return null;
        try {
            return Loss.parse(text);
        } catch (InvalidInputException e) {
            throw bad(ModelFiles.LOSS_KEY, text, "cross-entropy or mse");
        }
    }

    private InvalidInputException bad(String key, String value, String allowed) {
        return new InvalidInputException(path + ": metadata " + key + " is '" + shorten(value) + "'; it must be "
                + allowed + " (was the file written by netgeom train?)");
    }

    /** A value as it appears in a one-line message: a file may hold megabytes under one key. */
    static String shorten(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
