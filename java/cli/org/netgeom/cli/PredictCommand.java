package org.netgeom.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.Dataset;
import org.netgeom.data.Npy;
import org.netgeom.io.AtomicFiles;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Write a model's class probabilities [N, C] (float32 .npy) for the test split of a data set.")
final class PredictCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin PlainModelArguments plain = new PlainModelArguments();

    @Option(names = "--model", required = true, description = "A model file, or the folder holding its model.safetensors (what netgeom train wrote).")
    Path model;
    @Option(names = "--split", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--logits", description = "Write raw outputs instead of softmax probabilities.")
    boolean logits;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for data subsets (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, description = "The .npy file to write.")
    Path out;
    @Option(names = "--json", description = "Print one JSON object: the file, its shape and the provenance.")
    boolean json;

    @Override
    public Integer call() {
        java.time.Instant started = java.time.Instant.now();
        Dataset dataset = data.loadSplit(seed, spec.commandLine().getErr(), split);
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (org.netgeom.tensor.Backend compute = choice.backend(); TrainableModel loaded = ModelFiles.load(compute, model, plain.value());
             MemoryScope scope = new MemoryScope(compute)) {
            dataset = ModelFiles.matchInputs(model, dataset, loaded.inputDim());
            DeviceMatrix inputs = scope.upload(dataset.inputs());
            DeviceMatrix outputs = scope.allocate(dataset.size(), loaded.outputDim());
            loaded.predict(inputs, outputs);
            if (!logits) choice.backend().softmax(outputs, outputs);
            Matrix result = choice.backend().download(outputs);
            AtomicFiles.removeStaleTemporariesOf(out);
            Npy.write(out, result);
            spec.commandLine().getErr().printf("netgeom: wrote %s [%d, %d]%n", out, result.rows(), result.cols());
            if (json) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("file", out.toString());
                summary.put("shape", List.of(result.rows(), result.cols()));
                summary.put("outputs", logits ? "logits" : "probabilities");
                summary.put("config", Invocation.config(spec));
                summary.put("provenance", Provenance.capture(compute, Invocation.words(spec), seed, started).finished(java.time.Instant.now()).toMap());
                JsonOutput.printLine(System.out, summary);
            }
            return 0;
        }
    }
}
