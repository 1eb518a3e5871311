package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.Npy;
import org.netgeom.data.Python;
import org.netgeom.tensor.Matrix;

/**
 * A state_dict saved by PyTorch itself (no netgeom in the loop) evaluates in netgeom to the
 * accuracy PyTorch computes. Needs python3-torch (.ci/run installs it); skips saying so otherwise.
 */
class PyTorchStateDictCrossCheckTest {
    @TempDir Path dir;

    @Test
    void aPyTorchStateDictEvaluatesToPyTorchsAccuracy() throws IOException {
        String python = Python.interpreterWith("torch", "numpy");
        Assumptions.assumeTrue(python != null, "neither python3 nor /usr/bin/python3 imports torch and numpy, so the PyTorch"
                + " cross-check cannot run; install them with apt-get install python3-torch");
        int rows = 500, features = 8;
        Matrix inputs = new Matrix(rows, features);
        Matrix labels = new Matrix(rows, 1);
        for (int i = 0; i < inputs.data().length; i++) inputs.data()[i] = (float) Math.sin(0.37 * i + 0.11 * (i % 7));
        for (int r = 0; r < rows; r++) labels.data()[r] = (r * 7 + r / 5) % 3;
        Npy.write(dir.resolve("x.npy"), inputs);
        Npy.write(dir.resolve("y.npy"), labels);
        // PyTorch builds and saves the model; safetensors is written by hand so no other package is needed.
        String pytorch = Python.run(python, """
                import json, struct, numpy as np, torch
                torch.manual_seed(0)
                net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 12), torch.nn.Tanh(),
                                          torch.nn.Linear(12, 3))
                tensors = {k: v.detach().numpy().astype('<f4') for k, v in net.state_dict().items()}
                header, blobs, offset = {}, [], 0
                for k in sorted(tensors):
                    b = tensors[k].tobytes()
                    header[k] = {"dtype": "F32", "shape": list(tensors[k].shape), "data_offsets": [offset, offset + len(b)]}
                    offset += len(b)
                    blobs.append(b)
                h = json.dumps(header).encode()
                h += b' ' * ((8 - len(h) % 8) % 8)
                open('plain.safetensors', 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
                x = torch.from_numpy(np.load('x.npy')); y = np.load('y.npy').reshape(-1).astype(np.int64)
                with torch.no_grad():
                    logits = net(x)
                    loss = torch.nn.functional.cross_entropy(logits, torch.from_numpy(y)).item()
                print(json.dumps({"accuracy": float((logits.argmax(1).numpy() == y).mean()), "loss": loss}))
                """, dir);
        JsonNode expected = new ObjectMapper().readTree(pytorch.strip().lines().reduce((a, b) -> b).orElseThrow());
        CliTest.Result result = CliTest.run("eval", "--model", dir.resolve("plain.safetensors").toString(), "--activation", "tanh",
                "--data", "npy", "--inputs", dir.resolve("x.npy").toString(), "--labels", dir.resolve("y.npy").toString(),
                "--test-inputs", dir.resolve("x.npy").toString(), "--test-labels", dir.resolve("y.npy").toString(),
                "--backend", "cpu", "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode actual = new ObjectMapper().readTree(result.out().strip());
        assertEquals(expected.get("accuracy").asDouble(), actual.get("accuracy").asDouble(), 0.0, "the same predictions");
        assertEquals(expected.get("loss").asDouble(), actual.get("loss").asDouble(), 1e-5, "the same loss, to float32 rounding");
    }
}
