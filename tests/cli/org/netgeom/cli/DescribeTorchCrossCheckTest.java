package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.netgeom.data.Python;

/**
 * {@code describe --json} and the PyTorch module examples/python/netgeom_torch.py builds from the
 * same spec agree on every state_dict key and shape (in order), on the parameter count, and on
 * every layer's output shape (forward hooks on a real forward pass). Needs python3-torch
 * (.ci/run installs it); skips saying so otherwise.
 */
class DescribeTorchCrossCheckTest {
    private static final Path EXAMPLES = Path.of("examples/python").toAbsolutePath();

    /** Specs and input shapes: the small CNN, every named model, and odd sizes with blocks and BatchNorm1d. */
    private static final List<String[]> CASES = List.of(
            new String[] {"conv:32k3p1,relu,maxpool:2,conv:64k3p1,relu,maxpool:2,flatten,linear:128,relu,linear:10", "1x28x28"},
            new String[] {"resnet18", "3x32x32"},
            new String[] {"resnet20:w0.5", "1x28x28"},
            new String[] {"allcnn", "3x32x32"},
            new String[] {"lenet5", "1x28x28"},
            new String[] {"conv:8k3s2p1nb,bn,gelu,block:16s2,block:16,avgpool:2,flatten,bn,dropout:0.1,linear:5,tanh", "2x17x13"});

    @Test
    void describeMatchesThePyTorchModule() throws Exception {
        String python = Python.interpreterWith("torch");
        Assumptions.assumeTrue(python != null, "neither python3 nor /usr/bin/python3 imports torch, so describe cannot be"
                + " checked against PyTorch; install it with apt-get install python3-torch");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> ours = new ArrayList<>();
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String[] c : CASES) {
            CliTest.Result result = CliTest.run("describe", "--model", c[0], "--input-shape", c[1], "--json");
            assertEquals(0, result.exitCode(), result.err());
            JsonNode description = json.readTree(result.out());
            ours.add(description);
            List<String> rowNames = new ArrayList<>();
            description.get("layers").forEach(row -> rowNames.add(row.get("name").asText()));
            requests.add(Map.of("model", c[0], "shape", c[1], "names", rowNames));
        }
        // One Python process for every case: importing torch takes seconds.
        String script = String.join("\n",
                "import json, sys, torch",
                "sys.path.insert(0, " + pythonString(EXAMPLES.toString()) + ")",
                "import netgeom_torch",
                "results = []",
                "for request in json.loads(" + pythonString(json.writeValueAsString(requests)) + "):",
                "    shape = tuple(int(v) for v in request['shape'].split('x'))",
                "    model = netgeom_torch.build_network(request['model'], shape).eval()",
                "    modules = dict(model.named_modules())",
                "    shapes = {}",
                "    for name in request['names']:",
                "        modules[name].register_forward_hook(",
                "            lambda m, i, o, name=name: shapes.__setitem__(name, list(o.shape[1:])))",
                "    with torch.no_grad():",
                "        model(torch.zeros((2,) + shape))",
                "    results.append({'state': [[k, list(v.shape)] for k, v in model.state_dict().items()], 'shapes': shapes,",
                "                    'parameters': sum(p.numel() for p in model.parameters())})",
                "print('RESULT ' + json.dumps(results))");
        String output = Python.run(python, script, EXAMPLES);
        JsonNode torchResults = json.readTree(output.substring(output.lastIndexOf("RESULT ") + 7));

        for (int i = 0; i < CASES.size(); i++) {
            String label = CASES.get(i)[0] + " on " + CASES.get(i)[1] + ": ";
            JsonNode description = ours.get(i);
            JsonNode torch = torchResults.get(i);
            List<String> ourState = new ArrayList<>();
            description.get("state_dict").forEach(entry -> ourState.add(entry.get("key").asText() + " " + entry.get("shape")));
            List<String> torchState = new ArrayList<>();
            torch.get("state").forEach(entry -> torchState.add(entry.get(0).asText() + " " + entry.get(1)));
            assertEquals(torchState, ourState, label + "state_dict keys and shapes");
            assertEquals(torch.get("parameters").asLong(), description.get("parameters").asLong(), label + "parameters");
            for (JsonNode row : description.get("layers")) {
                String name = row.get("name").asText();
                assertEquals(torch.get("shapes").get(name).toString(), row.get("output_shape").toString(),
                        label + "output shape of " + name);
            }
        }
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
