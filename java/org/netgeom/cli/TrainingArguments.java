package org.netgeom.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import org.netgeom.nn.Loss;
import org.netgeom.report.ProgressMode;
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

    /** Every option's value, as the "config" of a report. */
    static Map<String, Object> config(CommandLine.Model.CommandSpec spec) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            Object value = option.getValue();
            config.put(option.longestName().replaceFirst("^--", ""), value == null ? null
                    : value instanceof List<?> list ? list.toString() : value.toString());
        }
        return config;
    }

    /** "netgeom", the command's name, then its arguments as given. */
    static List<String> words(CommandLine.Model.CommandSpec spec) {
        List<String> words = new ArrayList<>(List.of("netgeom", spec.name()));
        words.addAll(Arrays.asList(spec.commandLine().getParseResult().originalArgs().toArray(new String[0])));
        return words;
    }
}
