package org.netgeom.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import org.netgeom.nn.Loss;
import org.netgeom.io.ProgressMode;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;

/**
 * Optimizer and schedule options of the commands that train several models (zoo, starlight,
 * star-study). Defaults follow the star-domain experiments: SGD with momentum 0.9, 5 epochs.
 */
final class TrainingArguments {
    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;
    @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;
    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    float momentum;
    @Option(names = "--weight-decay", defaultValue = "0", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;
    @Option(names = "--schedule", defaultValue = "constant", description = "constant, cosine or step:EPOCHS:GAMMA (default: ${DEFAULT-VALUE}).")
    String schedule;
    @Option(names = "--warmup", defaultValue = "0", description = "Linear warmup steps (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--seed", defaultValue = "1", description = "Seed; model i of a zoo uses seed + i (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--log-every", defaultValue = "100", description = "Read loss back every N steps (default: ${DEFAULT-VALUE}).")
    int logEvery;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;

    TrainConfig config() {
        OptimizerConfig optimizerConfig = new OptimizerConfig(OptimizerConfig.parseKind(optimizer), learningRate,
                OptimizerConfig.parseKind(optimizer) == OptimizerConfig.Kind.SGD ? momentum : 0f, false, weightDecay,
                0.9f, 0.999f, 1e-8f);
        return new TrainConfig(epochs, batch, seed, Loss.CROSS_ENTROPY, optimizerConfig,
                LearningRateSchedule.parse(schedule, warmup), logEvery);
    }

    ProgressMode progressMode() { return ProgressMode.parse(progress); }
}
