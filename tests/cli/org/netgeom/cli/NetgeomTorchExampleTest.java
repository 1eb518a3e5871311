package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.Npy;
import org.netgeom.data.Python;
import org.netgeom.tensor.Matrix;

/**
 * examples/python/netgeom_torch.py rebuilds netgeom's models in PyTorch from their files alone,
 * batch norm, input expansion and convolutional networks included, and PyTorch's accuracy and loss equal netgeom eval's.
 * Needs python3-torch (.ci/run installs it); skips saying so otherwise.
 */
class NetgeomTorchExampleTest {
    private static final Path SCRIPT = Path.of("examples/python/netgeom_torch.py").toAbsolutePath();
    @TempDir Path dir;
    private String python;
    private Path inputs, labels;

    @BeforeEach
    void dataAndPyTorch() {
        python = Python.interpreterWith("torch", "numpy");
        Assumptions.assumeTrue(python != null, "neither python3 nor /usr/bin/python3 imports torch and numpy, so the PyTorch"
                + " example cannot be checked; install them with apt-get install python3-torch");
        int rows = 300, side = 4;
        Matrix x = new Matrix(rows, side * side), y = new Matrix(rows, 1);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < side * side; c++) {
                float v = (float) Math.sin(0.9 * r + 1.7 * c + 0.3 * r * c % 5);
                x.data()[r * side * side + c] = v;
                sum += v * (c % 3 - 1);
            }
            y.data()[r] = sum > 0.5 ? 2 : sum > -0.5 ? 1 : 0;
        }
        inputs = dir.resolve("x.npy");
        labels = dir.resolve("y.npy");
        Npy.write(inputs, x);
        Npy.write(labels, y);
    }

    private Path train(String name, String... model) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--data", "npy", "--inputs", inputs.toString(), "--labels",
                labels.toString(), "--test-inputs", inputs.toString(), "--test-labels", labels.toString(), "--epochs", "4",
                "--batch", "32", "--backend", "cpu", "--progress", "quiet", "--out", out.toString()));
        args.addAll(List.of(model));
        CliTest.Result result = CliTest.run(args.toArray(new String[0]));
        assertEquals(0, result.exitCode(), result.err());
        return out.resolve("model.safetensors");
    }

    private void assertPyTorchAgrees(Path model) throws IOException {
        CliTest.Result eval = CliTest.run("eval", "--model", model.toString(), "--data", "npy", "--inputs", inputs.toString(),
                "--labels", labels.toString(), "--test-inputs", inputs.toString(), "--test-labels", labels.toString(),
                "--backend", "cpu", "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode netgeom = new ObjectMapper().readTree(eval.out().strip());
        String output = Python.run(python, "import runpy, sys\nsys.argv = ['netgeom_torch.py', '" + model + "', '--inputs', '"
                + inputs + "', '--labels', '" + labels + "']\nrunpy.run_path('" + SCRIPT + "', run_name='__main__')\n", dir);
        JsonNode pytorch = new ObjectMapper().readTree(output.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(netgeom.get("accuracy").asDouble(), pytorch.get("accuracy").asDouble(), 0.0, model + ": accuracy");
        assertEquals(netgeom.get("loss").asDouble(), pytorch.get("loss").asDouble(), 1e-4, model + ": loss");
    }

    @Test
    void batchNormAndPerLayerActivations() throws IOException {
        assertPyTorchAgrees(train("bn", "--model", "16-12-8-3", "--activation", "tanh", "--batch-norm"));
    }

    @Test
    void inputExpansionOfImages() throws IOException {
        assertPyTorchAgrees(train("expanded", "--model", "64-10-3", "--expand-input", "2", "--expand-value", "0.5"));
    }

    @Test
    void inputExpansionOfVectorsWithDropout() throws IOException {
        assertPyTorchAgrees(train("dims", "--model", "19-10-3", "--expand-dims", "3", "--expand-value", "1", "--dropout", "0.2"));
    }

    @Test
    void randomFeatures() throws IOException {
        assertPyTorchAgrees(train("rf", "--model", "rf:40", "--activation", "erf"));
    }

    @Test
    void convolutionalNetworkUnderPyTorchsNames() throws IOException {
        // 1x4x4 images: conv with padding, BatchNorm2d (running statistics saved and used by both), max pooling,
        // a 2x2 conv down to 1x1, flatten, BatchNorm1d, linear.
        assertPyTorchAgrees(train("cnn", "--model", "conv:4k3p1,bn,relu,maxpool:2,conv:6k2,gelu,flatten,bn,linear:3",
                "--input-shape", "1x4x4"));
    }

    @Test
    void residualBlocksUnderTorchvisionsNames() throws IOException {
        // A block keeping the shape (identity shortcut) and one that halves it (downsample.0/.1): layers.{j}.conv1 ...
        assertPyTorchAgrees(train("blocks", "--model", "conv:4k3p1nb,bn,relu,block:4,block:6s2,gap,flatten,linear:3",
                "--input-shape", "1x4x4"));
    }

    @Test
    void imagesPaddedAndCopiedIntoThreeChannels() throws IOException {
        // 1x4x4 data on a 3x7x6 network: one row above, two below, one column each side, the image in all three
        // channels (InputFit); trained with crops and flips, which change training only.
        assertPyTorchAgrees(train("fit", "--model", "conv:4k3p1,bn,relu,maxpool:2,flatten,linear:3", "--input-shape", "3x7x6",
                "--augment", "crop:1,flip"));
    }
}
