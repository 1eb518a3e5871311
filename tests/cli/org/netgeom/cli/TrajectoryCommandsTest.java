package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.Npy;
import org.netgeom.data.NpyArray;

/** embed, distance and trajectories as a user meets them: JSON keys, files, resumption, clear errors. */
class TrajectoryCommandsTest {
    @TempDir Path dir;

    /** K x N x C random probabilities; row k = 0 is one-hot. */
    private Path predictions(int k, int n, int c) {
        Random random = new Random(3);
        double[] values = new double[k * n * c];
        for (int p = 0; p < k; p++) {
            for (int s = 0; s < n; s++) {
                double sum = 0;
                int base = (p * n + s) * c;
                for (int j = 0; j < c; j++) sum += values[base + j] = p == 0 ? (j == s % c ? 1 : 0) : random.nextDouble();
                for (int j = 0; j < c; j++) values[base + j] /= sum;
            }
        }
        Path file = dir.resolve("p.npy");
        Npy.write(file, new long[] {k, n, c}, values);
        return file;
    }

    @Test
    void embedPrintsTheContractKeysAndWritesFiles() throws IOException {
        Path file = predictions(6, 30, 4);
        Path labels = dir.resolve("y.npy");
        Npy.writeInt32(labels, new long[] {30}, new Random(4).ints(30, 0, 4).toArray());
        Path out = dir.resolve("embed");
        CliTest.Result result = CliTest.run("embed", "--predictions", file.toString(), "--labels", labels.toString(),
                "--dims", "3", "--json", "--backend", "cpu", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out().strip());
        assertEquals(3, json.get("eigenvalues").size());
        assertEquals(3, json.get("explained_stress").size());
        assertEquals(8, json.get("coordinates").size(), "6 points + ignorance + truth");
        assertEquals(3, json.get("coordinates").get(0).size());
        assertEquals("truth", json.get("points").get(7).asText());
        assertTrue(json.get("explained_stress").get(2).asDouble() >= json.get("explained_stress").get(0).asDouble());
        for (String name : new String[] {"coordinates.csv", "embedding.png", "stress.png", "embedding.json"}) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
    }

    @Test
    void benchDistanceTimesTheMatrixAfterAWarmUpAndRejectsAMissingFile() throws IOException {
        Path file = predictions(5, 20, 3);
        CliTest.Result result = CliTest.run("bench", "distance", "--predictions", file.toString(), "--repetitions", "2", "--backend", "cpu");
        assertEquals(0, result.exitCode(), result.err());
        String[] lines = result.out().strip().split("\n");
        assertEquals(3, lines.length, result.out());
        JsonNode first = new ObjectMapper().readTree(lines[0]), summary = new ObjectMapper().readTree(lines[2]);
        assertTrue(first.get("seconds_from_host").asDouble() > 0, first.toString());
        assertTrue(first.get("distance_0_1").asDouble() > 0, "distinct random points are at a positive distance: " + first);
        assertEquals("distance matrix 5 points x 20 samples x 3 classes", summary.get("benchmark").asText());
        assertEquals(2, summary.get("repetitions").asInt());
        CliTest.Result missing = CliTest.run("bench", "distance", "--predictions", dir.resolve("none.npy").toString(), "--backend", "cpu");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.errLines().contains("none.npy"), missing.errLines());
        assertFalse(missing.errLines().contains("\tat "), missing.errLines());
    }

    @Test
    void distanceWritesTheSymmetricMatrix() {
        Path file = predictions(5, 20, 3);
        Path out = dir.resolve("d/D.npy");
        CliTest.Result result = CliTest.run("distance", "--predictions", file.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(0, result.exitCode(), result.err());
        NpyArray d = Npy.read(out);
        assertEquals(5, d.shape()[0]);
        assertEquals(5, d.shape()[1]);
        double[] v = d.toDoubles();
        for (int i = 0; i < 5; i++) {
            assertEquals(0, v[i * 5 + i], 0.0);
            for (int j = 0; j < 5; j++) assertEquals(v[i * 5 + j], v[j * 5 + i], 0.0);
        }
        assertTrue(v[1] > 0, "distinct points are apart");
        assertTrue(Files.exists(dir.resolve("d/D.points.txt")));
    }

    @Test
    void rowsThatAreNotProbabilitiesAreOneLineBadInput() {
        Path file = dir.resolve("bad.npy");
        Npy.write(file, new long[] {2, 3}, new double[] {0.5, 0.5, 0, 0.2, 0.2, 0.2});
        CliTest.Result result = CliTest.run("embed", "--predictions", file.toString(), "--backend", "cpu");
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.errLines().contains("row 1 sums to 0.6"), result.errLines());
        assertTrue(result.errLines().contains("--logits"), result.errLines());
    }

    @Test
    void trajectoriesTrainsEmbedsAndResumes() throws IOException {
        Path configs = dir.resolve("configs.csv");
        Files.writeString(configs, """
                name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed,momentum,input_shape
                a,20-16-3,relu,sgd,0.1,32,0,0,false,2,1,0,
                b,20-16-3,tanh,adam,0.01,32,0,0,false,2,2,0,
                c,rf:32,relu,adam,0.01,64,0.001,0,false,1,3,0,
                d,"conv:4k3p1,relu,flatten,linear:3",relu,adam,0.01,32,0,0,false,2,4,0,1x4x5
                """);
        Path out = dir.resolve("traj");
        String[] args = {"trajectories", "--configs", configs.toString(), "--out", out.toString(), "--data", "teacher:mlp",
            "--teacher-classes", "3", "--input-dim", "20", "--train-size", "200", "--test-size", "100", "--snapshots", "log:5",
            "--snapshot-samples", "50", "--backend", "cpu", "--progress", "quiet", "--json", "--max-train-error", "1"};
        CliTest.Result first = CliTest.run(args);
        assertEquals(0, first.exitCode(), first.err());
        JsonNode summary = new ObjectMapper().readTree(first.out().strip());
        assertEquals(4, summary.get("configs").asInt());
        assertEquals(0, summary.get("dropped").size());
        assertTrue(summary.path("final_train_cross_entropy").path("median").asDouble() > 0, summary.toString());
        for (String set : new String[] {"train", "test"}) {
            JsonNode s = summary.get(set);
            JsonNode top1 = s.path("explained_stress").path("top1");
            double stress = top1.path("explained_stress").asDouble(), squared = top1.path("squared_eigenvalue_fraction").asDouble();
            assertEquals(1 - Math.sqrt(1 - squared), stress, 1e-12, "the authors' definition from the squared fraction: " + top1);
            assertTrue(top1.has("abs_eigenvalue_fraction"), s.toString());
            assertTrue(s.path("factors").has("activation"), s.toString());
            double p = s.path("factors").path("family").path("p_value").asDouble(Double.NaN);
            assertTrue(p > 0 && p <= 1, "a permutation p-value per factor: " + s.path("factors"));
            assertTrue(s.path("diversity").size() >= 2, "config-order and family entries: " + s.path("diversity"));
            for (String name : new String[] {"coordinates.csv", "embedding.png", "stress.png", "trajectories.csv", "factors.csv",
                "diversity.csv", "diversity.png"}) {
                assertTrue(Files.size(out.resolve(set).resolve(name)) > 0, set + "/" + name);
            }
            assertTrue(Files.readAllLines(out.resolve(set).resolve("trajectories.csv")).getFirst()
                    .startsWith("config,final_distance_to_truth,final_train_cross_entropy,final_train_error"));
        }
        JsonNode network = new ObjectMapper().readTree(out.resolve("runs/d/run.json").toFile());
        assertEquals("cnn", network.path("factors").path("family").asText(), network.toString());
        long snapshots = Files.readAllLines(out.resolve("runs/a/predictions/train/index.csv")).size() - 1;
        assertTrue(snapshots >= 4, "log:5 snapshots, got " + snapshots);

        Files.delete(out.resolve("runs/b/run.json"));   // b looks interrupted
        CliTest.Result second = CliTest.run(args);
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("trained 1 configurations, 3 were already complete"), second.err());
        assertEquals(snapshots, Files.readAllLines(out.resolve("runs/b/predictions/train/index.csv")).size() - 1,
                "the rerun of b starts its snapshots over");
    }

    /** The worst-trained run is left out and listed; another threshold re-embeds without retraining. */
    @Test
    void runsAboveTheTrainErrorThresholdAreDroppedAndListed() throws IOException {
        Path configs = dir.resolve("configs.csv");
        Files.writeString(configs, """
                name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed
                a,20-32-3,relu,adam,0.01,16,0,0,false,4,1
                b,20-32-3,tanh,adam,0.01,16,0,0,false,4,2
                c,20-32-3,relu,sgd,0.0001,64,0,0,false,1,3
                """);
        Path out = dir.resolve("traj");
        String[] args = {"trajectories", "--configs", configs.toString(), "--out", out.toString(), "--data", "teacher:mlp",
            "--teacher-classes", "3", "--input-dim", "20", "--train-size", "200", "--test-size", "100", "--snapshots", "log:3",
            "--snapshot-samples", "40", "--backend", "cpu", "--progress", "quiet", "--json", "--max-train-error", "1"};
        CliTest.Result all = CliTest.run(args);
        assertEquals(0, all.exitCode(), all.err());
        double[] errors = new double[3];
        for (int i = 0; i < 3; i++) {
            JsonNode run = new ObjectMapper().readTree(out.resolve("runs/" + "abc".charAt(i) + "/run.json").toFile());
            errors[i] = run.path("results").path("final_train_error").asDouble(Double.NaN);
            assertTrue(errors[i] >= 0 && errors[i] <= 1, run.toString());
        }
        assertTrue(errors[2] > Math.max(errors[0], errors[1]), "c barely trains: " + java.util.Arrays.toString(errors));
        double threshold = (errors[2] + Math.max(errors[0], errors[1])) / 2;
        args[args.length - 1] = Double.toString(threshold);
        CliTest.Result filtered = CliTest.run(args);
        assertEquals(0, filtered.exitCode(), filtered.err());
        assertTrue(filtered.err().contains("trained 0 configurations, 3 were already complete"), filtered.err());
        JsonNode summary = new ObjectMapper().readTree(filtered.out().strip());
        assertEquals(2, summary.get("configs").asInt());
        assertEquals(3, summary.get("completed_configs").asInt());
        assertEquals(1, summary.get("dropped").size());
        assertEquals("c", summary.get("dropped").get(0).get("config").asText());
        assertEquals(errors[2], summary.get("dropped").get(0).get("final_train_error").asDouble(), 1e-12);
        assertFalse(Files.readString(out.resolve("train/coordinates.csv")).contains(",c,"), "c is not embedded");

        args[args.length - 1] = "0";
        CliTest.Result none = CliTest.run(args);
        assertEquals(2, none.exitCode(), none.err());
        assertTrue(none.errLines().contains("--max-train-error"), none.errLines());
        assertFalse(none.errLines().contains("\tat "), none.errLines());
    }
}
