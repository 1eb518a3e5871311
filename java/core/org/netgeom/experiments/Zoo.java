package org.netgeom.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.netgeom.data.DataSplit;
import org.netgeom.io.JsonOutput;
import org.netgeom.io.ProgressMode;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.TrainConfig;

/**
 * {@code netgeom zoo}: independently trained solutions of one architecture, model i trained
 * with seed + i, as DIR/sources/model-NNN/ and DIR/held-out/model-NNN/ (each a train run:
 * model.safetensors, metrics.csv, run.json). Resumable: a model whose run.json exists is kept.
 */
public final class Zoo {
    public static final String SOURCES = "sources";
    public static final String HELD_OUT = "held-out";

    public record Settings(TrainingRun.Settings run, int sources, int heldOut) {
        public Settings {
            if (sources < 1 || sources > 10_000) throw new InvalidInputException("--count must be in [1, 10000], got " + sources);
            if (heldOut < 0 || heldOut > 10_000) throw new InvalidInputException("--held-out must be in [0, 10000], got " + heldOut);
        }
    }

    /** One model of the zoo and whether this call trained it (false: found finished). */
    public record Member(Path model, boolean trained) {}

    private Zoo() {}

    public static List<Member> run(Settings settings, Backend backend, DataSplit data, Path dir) {
        List<Member> members = new ArrayList<>();
        TrainConfig base = settings.run().training();
        int total = settings.sources() + settings.heldOut();
        for (int i = 0; i < total; i++) {
            boolean source = i < settings.sources();
            int index = source ? i : i - settings.sources();
            Path folder = dir.resolve(source ? SOURCES : HELD_OUT).resolve(String.format("model-%03d", index));
            long seed = base.seed() + i;
            if (isFinished(folder, seed)) {
                members.add(new Member(folder.resolve("model.safetensors"), false));
                continue;
            }
            TrainConfig training = new TrainConfig(base.epochs(), base.batchSize(), seed, base.loss(), base.optimizer(),
                    base.schedule(), base.logEverySteps());
            TrainingRun.Settings one = new TrainingRun.Settings(settings.run().model(), training, TrainingRun.Fit.GRADIENT_DESCENT,
                    0, null, settings.run().progress(), settings.run().figures(), settings.run().commandConfig(),
                    settings.run().commandLine(), settings.run().extraModelMetadata());
            if (settings.run().progress() != ProgressMode.QUIET) {
                System.err.printf("netgeom: zoo: training %s model %d of %d (seed %d)%n", source ? "source" : "held-out",
                        index + 1, source ? settings.sources() : settings.heldOut(), seed);
            }
            TrainingRun.run(one, backend, data, folder);
            members.add(new Member(folder.resolve("model.safetensors"), true));
        }
        return members;
    }

    /**
     * True when {@code folder} holds a finished model trained with {@code seed}. Held-out
     * models' seeds follow the sources' (seed + index over both lists), so a zoo grown by
     * --count has held-out folders whose recorded seed is no longer theirs: those are retrained,
     * never reused under a seed they were not trained with.
     */
    private static boolean isFinished(Path folder, long seed) {
        Path runJson = folder.resolve("run.json");
        if (!Files.isRegularFile(runJson) || !Files.isRegularFile(folder.resolve("model.safetensors"))) return false;
        JsonNode recorded = JsonOutput.readFile(runJson).path("provenance").path("seed");
        return recorded.canConvertToLong() && recorded.asLong() == seed;
    }

    /**
     * Model files named by the user: each entry a .safetensors file, or a folder searched
     * (recursively, sorted by path) for model files; the star model of a starlight run is skipped.
     */
    public static List<Path> modelFiles(List<Path> entries, String option) {
        List<Path> files = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    List<Path> found = walk.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                            .filter(p -> !p.getFileName().toString().equals("star.safetensors"))
                            .filter(Files::isRegularFile).sorted().toList();
                    if (found.isEmpty()) throw new InvalidInputException(option + " " + entry + " holds no .safetensors model files");
                    files.addAll(found);
                } catch (IOException e) {
                    throw new InvalidInputException("cannot list " + option + " folder " + entry + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(entry)) {
                files.add(entry);
            } else {
                throw new InvalidInputException(option + " " + entry + " does not exist (give model files or folders of them)");
            }
        }
        return files;
    }
}
