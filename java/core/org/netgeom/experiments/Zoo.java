package org.netgeom.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.netgeom.data.DataSplit;
import org.netgeom.io.AtomicFiles;
import org.netgeom.io.JsonOutput;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.ProgressMode;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.ModelSpec;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;

/**
 * {@code netgeom zoo}: independently trained solutions of one architecture, model i trained
 * with seed + i, as DIR/sources/model-NNN/ and DIR/held-out/model-NNN/ (each a train run:
 * model.safetensors, metrics.csv, run.json). Resumable: a model whose run.json exists is kept.
 */
public final class Zoo {
    public static final String SOURCES = "sources";
    public static final String HELD_OUT = "held-out";
    /** What a zoo writes in its folder. */
    public static final List<String> RESULT_ENTRIES = List.of(SOURCES, HELD_OUT);

    /**
     * The star-domain experiments' training (the CLI's default for zoo, starlight and
     * star-study): SGD at 0.05 with momentum 0.9, 5 epochs of batches of 128, seed 1.
     */
    public static final TrainConfig TRAINING = TrainConfig.defaults().withEpochs(5)
            .withOptimizer(OptimizerConfig.sgd(0.05f, 0.9f, false, 0f));

    /** How each model is trained ({@code run}; model i uses its seed + i), and how many sources and held-out models. */
    public record Settings(TrainingRun.Settings run, int sources, int heldOut) {
        public Settings {
            if (run == null) throw InvalidInputException.forField("run", "a zoo needs the settings of its training {run}");
            if (sources < 1 || sources > 10_000) {
                throw InvalidInputException.forField("sources", "{sources} must be in [1, 10000], got " + sources);
            }
            if (heldOut < 0 || heldOut > 10_000) {
                throw InvalidInputException.forField("heldOut", "{heldOut} must be in [0, 10000], got " + heldOut);
            }
        }

        /** 10 sources and no held-out models of {@code model}, trained with {@link #TRAINING}, quietly. */
        public static Settings defaults(ModelSpec model) {
            return new Settings(TrainingRun.Settings.defaults(model).withTraining(TRAINING), 10, 0);
        }

        public Settings withRun(TrainingRun.Settings value) { return new Settings(value, sources, heldOut); }

        public Settings withSources(int value) { return new Settings(run, value, heldOut); }

        public Settings withHeldOut(int value) { return new Settings(run, sources, value); }
    }

    /** One model of the zoo and whether this call trained it (false: found finished). */
    public record Member(Path model, boolean trained) {}

    private Zoo() {}

    public static List<Member> run(Settings settings, Backend backend, DataSplit data, Path dir) {
        return run(settings, backend, data, dir, null);
    }

    /**
     * {@link #run} of the models {@code shard} owns (null: all) in {@link #itemIds}' order.
     * Model i is seeded by its own index (seed + i), whichever shard trains it, so a shard trains
     * the same bits as one process.
     */
    public static List<Member> run(Settings settings, Backend backend, DataSplit data, Path dir, Shard shard) {
        return run(settings, backend, data, dir, shard, 0);
    }

    /**
     * {@link #run(Settings, Backend, DataSplit, Path, Shard)} of a zoo that is part of a larger
     * sweep (a star study's zoo per width): model i is at position {@code firstPosition} + i of the
     * sweep's enumeration, which decides the shard that trains it; its seed stays seed + i.
     */
    public static List<Member> run(Settings settings, Backend backend, DataSplit data, Path dir, Shard shard, long firstPosition) {
        List<Member> members = new ArrayList<>();
        TrainConfig base = settings.run().training();
        int total = settings.sources() + settings.heldOut();
        for (int i = 0; i < total; i++) {
            if (shard != null && !shard.owns(firstPosition + i)) continue;
            boolean source = i < settings.sources();
            int index = source ? i : i - settings.sources();
            Path folder = dir.resolve(itemId(settings, i));
            long seed = base.seed() + i;
            if (isFinished(folder, seed)) {
                members.add(new Member(folder.resolve(ModelFiles.FILE_NAME), false));
                continue;
            }
            TrainingRun.Settings one = settings.run().withTraining(base.withSeed(seed)).withFit(TrainingRun.Fit.GRADIENT_DESCENT);
            if (settings.run().progress() != ProgressMode.QUIET) {
                System.err.printf("netgeom: zoo: training %s model %d of %d (seed %d)%n", source ? "source" : "held-out",
                        index + 1, source ? settings.sources() : settings.heldOut(), seed);
            }
            TrainingRun.run(one, backend, data, folder);
            members.add(new Member(folder.resolve(ModelFiles.FILE_NAME), true));
        }
        return members;
    }

    /** The zoo's models in its one fixed order, by identity: the sources, then the held-out models ("sources/model-000", ...). */
    public static List<String> itemIds(Settings settings) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < settings.sources() + settings.heldOut(); i++) ids.add(itemId(settings, i));
        return ids;
    }

    /** Model i's folder under the zoo's, as a relative path with '/'. */
    private static String itemId(Settings settings, int i) {
        boolean source = i < settings.sources();
        return (source ? SOURCES : HELD_OUT) + "/" + String.format("model-%03d", source ? i : i - settings.sources());
    }

    /**
     * Brings every finished shard's models of {@code shards} ({@link ShardSet#inspect} checked
     * them) into {@code out}: hard links where the file system allows, copies otherwise, each
     * model's run.json last (a model counts as finished by it). An item's identity is its model's
     * folder under the sweep's ("sources/model-000" in a zoo, "w8/sources/model-000" in a star study).
     */
    public static void mergeShards(ShardSet shards, Path out) {
        for (ShardMarker marker : shards.markers()) {
            for (String item : marker.items()) {
                Path source = shards.folder(marker.index()).resolve(item);
                if (!Files.isRegularFile(source.resolve("run.json")) || !Files.isRegularFile(source.resolve(ModelFiles.FILE_NAME))) {
                    throw new InvalidInputException("shard " + marker.index() + " says it finished but " + source
                            + " has no run.json or " + ModelFiles.FILE_NAME + ": rerun that shard");
                }
                Path target = out.resolve(item);
                if (Files.exists(target)) OutputFolder.deleteTree(target);
                List<Path> files;
                try (Stream<Path> walk = Files.walk(source)) {
                    files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot list " + source + ": " + e.getMessage(), e);
                }
                Path runJson = source.resolve("run.json");
                for (Path file : files) if (!file.equals(runJson)) AtomicFiles.linkOrCopy(file, target.resolve(source.relativize(file)));
                AtomicFiles.linkOrCopy(runJson, target.resolve("run.json"));
            }
        }
    }

    /**
     * True when {@code folder} holds a finished model trained with {@code seed}. Held-out
     * models' seeds follow the sources' (seed + index over both lists), so a zoo grown by
     * --count has held-out folders whose recorded seed is no longer theirs: those are retrained,
     * never reused under a seed they were not trained with.
     */
    private static boolean isFinished(Path folder, long seed) {
        Path runJson = folder.resolve("run.json");
        if (!Files.isRegularFile(runJson) || !Files.isRegularFile(folder.resolve(ModelFiles.FILE_NAME))) return false;
        JsonNode recorded = JsonOutput.readFile(runJson).path("provenance").path("seed");
        return recorded.canConvertToLong() && recorded.asLong() == seed;
    }

    /**
     * Model files named by the user: each entry a .safetensors file, or a folder searched
     * (recursively, sorted by path) for model files; a starlight run's folder (it holds
     * {@link StarlightRun#STAR_FILE}) is skipped, as its models are the star model.
     */
    public static List<Path> modelFiles(List<Path> entries, String option) {
        List<Path> files = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    List<Path> found = walk.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                            .filter(p -> !Files.exists(p.resolveSibling(StarlightRun.STAR_FILE)))
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
