package org.netgeom.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Loss;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.io.JsonOutput;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.Evaluator;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Print a model's accuracy and loss on a data set.")
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin PlainModelArguments plain = new PlainModelArguments();

    @Option(names = "--model", required = true, description = "A model file, or the folder holding its model.safetensors (what netgeom train wrote).")
    Path model;
    @Option(names = "--split", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--loss", description = "cross-entropy or mse (default: as the model was trained, from its metadata).")
    String loss;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for data subsets (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Dataset dataset = data.loadSplit(seed, spec.commandLine().getErr(), split);
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (org.netgeom.tensor.Backend compute = choice.backend(); TrainableModel loaded = ModelFiles.load(compute, model, plain.value());
             MemoryScope scope = new MemoryScope(compute)) {
            dataset = ModelFiles.matchInputs(model, dataset, loaded.inputDim());
            Loss lossKind = loss != null ? Loss.parse(loss) : ModelFiles.trainingLoss(model, dataset.classes());
            Evaluator.Evaluation evaluation = Evaluator.evaluate(loaded, lossKind, scope.upload(dataset.inputs()),
                    scope.upload(lossKind.encodeTargets(dataset.targets(), dataset.classes(), loaded.outputDim())), 4096);
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("accuracy", evaluation.accuracy());
                result.put("loss", evaluation.loss());
                result.put("samples", evaluation.rows());
                result.put("split", split);
                result.put("backend", choice.backend().name());
                JsonOutput.printLine(System.out, result);
            } else {
                System.out.printf("accuracy %.4f  loss %.4f  (%d %s samples)%n", evaluation.accuracy(), evaluation.loss(),
                        evaluation.rows(), split);
            }
            return 0;
        }
    }
}
