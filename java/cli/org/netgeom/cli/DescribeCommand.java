package org.netgeom.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.netgeom.io.JsonOutput;
import org.netgeom.nn.layers.Network;
import org.netgeom.nn.layers.NetworkDescription;
import org.netgeom.nn.layers.StateEntry;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;

@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Every layer of a network with its output shape, parameters and FLOPs per sample, and its",
                "PyTorch state_dict keys (--json). Models: a layer list (conv:32k3p1,relu,maxpool:2,flatten,linear:10)",
                "or resnet18, resnet20, allcnn, lenet5 with an optional width multiplier (resnet18:w0.5)."})
final class DescribeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "SPEC", description = "The network (see above).")
    String model;

    @Option(names = "--input-shape", required = true, paramLabel = "CxHxW", description = "One input image, e.g. 1x28x28 or 3x32x32.")
    String inputShape;

    @Option(names = "--classes", paramLabel = "K",
            description = "Outputs of a named model (default 10); for a layer list, checked against its last layer.")
    Integer classes;

    @Option(names = "--json", description = "Print one JSON object with every layer and state_dict entry.")
    boolean json;

    @Override
    public Integer call() {
        Instant started = Instant.now();
        ImageShape input = ImageShape.parse(inputShape);
        Network network = Network.parse(model, classes == null ? 10 : classes);
        NetworkDescription description = NetworkDescription.of(network, input);
        if (classes != null && description.outputs() != classes) {
            throw new InvalidInputException("--model " + model + " gives " + description.outputs()
                    + " outputs on a " + input + " input, but --classes is " + classes);
        }
        if (json) {
            JsonOutput.printLine(System.out, toJson(description, started));
        } else {
            print(description);
        }
        return 0;
    }

    private Map<String, Object> toJson(NetworkDescription description, Instant started) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", description.network().architecture());
        result.put("input_shape", List.of(description.input().channels(), description.input().height(), description.input().width()));
        result.put("outputs", description.outputs());
        result.put("parameters", description.parameters());
        result.put("flops_per_sample", description.flops());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (NetworkDescription.Row row : description.rows()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("name", row.name());
            layer.put("type", row.torchType());
            layer.put("token", row.token());
            layer.put("output_shape", row.output().dimensions());
            layer.put("parameters", row.parameters());
            layer.put("flops", row.flops());
            layers.add(layer);
        }
        result.put("layers", layers);
        List<Map<String, Object>> state = new ArrayList<>();
        for (StateEntry entry : description.state()) {
            Map<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("key", entry.key());
            tensor.put("shape", entry.shape());
            tensor.put("parameter", entry.parameter());
            state.add(tensor);
        }
        result.put("state_dict", state);
        result.put("provenance", Provenance.capture("none", "none", "none", Invocation.words(spec), 0, started)
                .finished(Instant.now()).toMap());
        return result;
    }

    private static void print(NetworkDescription description) {
        System.out.printf("%-16s %-18s %-16s %14s %16s%n", "layer", "type", "output", "parameters", "FLOPs");
        for (NetworkDescription.Row row : description.rows()) {
            System.out.printf("%-16s %-18s %-16s %,14d %,16d%n", row.name(), row.torchType(), row.output(), row.parameters(),
                    row.flops());
        }
        System.out.printf("%s on %s: %,d parameters, %,d FLOPs per sample, %d outputs%n", description.network().architecture(),
                description.input(), description.parameters(), description.flops(), description.outputs());
    }
}
