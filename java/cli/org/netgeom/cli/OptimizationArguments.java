package org.netgeom.cli;

import picocli.CommandLine.Option;
import org.netgeom.nn.Loss;
import org.netgeom.train.Augmentation;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;

/** How to train: optimizer, learning rate and schedule, epochs, batch size, logging interval, augmentation. */
final class OptimizationArguments {
    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;
    @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    float momentum;
    @Option(names = "--nesterov", description = "Nesterov momentum (SGD).")
    boolean nesterov;
    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 (sgd, adam) or decoupled (adamw) weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;
    @Option(names = "--schedule", defaultValue = "constant", description = "constant, cosine or step:EPOCHS:GAMMA (default: ${DEFAULT-VALUE}).")
    String schedule;
    @Option(names = "--warmup", defaultValue = "0", description = "Linear warmup steps (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--log-every", defaultValue = "100", description = "Read loss/accuracy back every N steps (default: ${DEFAULT-VALUE}).")
    int logEvery;
    @Option(names = "--augment", defaultValue = "none", description = "Training-image augmentation for convolutional networks: none,"
            + " or crop:P (random crop after padding by P zeros) and/or flip (horizontal flip), e.g. crop:4,flip;"
            + " seeded by --seed (default: ${DEFAULT-VALUE}).")
    String augment;

    TrainConfig config(long seed, Loss loss) {
        OptimizerConfig optimizerConfig = new OptimizerConfig(OptimizerConfig.parseKind(optimizer), learningRate, momentum,
                nesterov, weightDecay, 0.9f, 0.999f, 1e-8f);
        return new TrainConfig(epochs, batch, seed, loss, optimizerConfig, LearningRateSchedule.parse(schedule, warmup), logEvery,
                Augmentation.parse(augment));
    }
}
