package org.netgeom.train;

import java.util.List;
import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;

/**
 * Optimizer hyper-parameters, validated on construction. Semantics follow torch.optim
 * (see Backend#sgdUpdate and Backend#adamUpdate).
 */
public record OptimizerConfig(Kind kind, float learningRate, float momentum, boolean nesterov, float weightDecay,
                              float beta1, float beta2, float epsilon) {
    public enum Kind { SGD, ADAM, ADAMW }

    public OptimizerConfig {
        requireRange("learningRate", learningRate, 0, 10, false);
        requireRange("momentum", momentum, 0, 1, true);
        requireRange("weightDecay", weightDecay, 0, 10, true);
        requireRange("beta1", beta1, 0, 1, true);
        requireRange("beta2", beta2, 0, 1, true);
        requireRange("epsilon", epsilon, 0, 1, false);
        if (nesterov && (kind != Kind.SGD || momentum == 0)) {
            throw InvalidInputException.forFields(List.of("nesterov", "momentum"), "{nesterov} needs the SGD optimizer with {momentum} > 0");
        }
    }

    private static void requireRange(String field, float value, float low, float high, boolean lowInclusive) {
        boolean ok = Float.isFinite(value) && (lowInclusive ? value >= low : value > low) && value <= high;
        if (!ok) {
            throw InvalidInputException.forField(field, "{" + field + "} must be in " + (lowInclusive ? "[" : "(") + low + ", " + high
                    + "], got " + value);
        }
    }

    public static OptimizerConfig sgd(float learningRate, float momentum, boolean nesterov, float weightDecay) {
        return new OptimizerConfig(Kind.SGD, learningRate, momentum, nesterov, weightDecay, 0.9f, 0.999f, 1e-8f);
    }

    public static OptimizerConfig adam(float learningRate, float weightDecay) {
        return new OptimizerConfig(Kind.ADAM, learningRate, 0f, false, weightDecay, 0.9f, 0.999f, 1e-8f);
    }

    public static OptimizerConfig adamW(float learningRate, float weightDecay) {
        return new OptimizerConfig(Kind.ADAMW, learningRate, 0f, false, weightDecay, 0.9f, 0.999f, 1e-8f);
    }

    public static Kind parseKind(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> Kind.SGD;
            case "adam" -> Kind.ADAM;
            case "adamw" -> Kind.ADAMW;
            default -> throw new InvalidInputException("unknown optimizer '" + name + "': use sgd, adam or adamw");
        };
    }

    public OptimizerConfig withLearningRate(float newLearningRate) {
        return new OptimizerConfig(kind, newLearningRate, momentum, nesterov, weightDecay, beta1, beta2, epsilon);
    }
}
