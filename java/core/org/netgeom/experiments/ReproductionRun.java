package org.netgeom.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.netgeom.io.AtomicFiles;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Backend;

/**
 * Runs a reproduction plan ({@link Reproduction#plan}) in this process: each stage's steps in
 * order, each step's summary kept in its stage folder, then DIR/report.md and DIR/report.json
 * ({@link ReproductionReport}). Resumable at two levels: a stage whose marker
 * ({@value #STAGE_MARKER}) shows it finished with the same commands is reused whole, and a
 * stage that was interrupted resumes inside its sweeps, which skip their finished rows.
 */
public final class ReproductionRun {
    /** The file in each stage folder that marks the stage finished, with the commands that finished it. */
    public static final String STAGE_MARKER = "stage.json";
    public static final String REPORT_MD = "report.md";
    public static final String REPORT_JSON = "report.json";

    /** Hears the run's progress (the CLI prints it); every method does nothing by default. */
    public interface Listener {
        /** Stage {@code number} (from 1) of {@code count} starts, or is checked for reuse. */
        default void stageStarting(int number, int count, Reproduction.Stage stage) {}

        /** The stage finished earlier with the same commands and is reused. */
        default void stageReused(Reproduction.Stage stage) {}

        /** A step starts. */
        default void stepStarting(ReproductionStep step) {}

        /** Shard {@code shard}'s part of a step starts ({@link ReproductionShards}). */
        default void shardStarting(ReproductionStep step, Shard shard) {}
    }

    /** What ran (or was reused) and the claims the report states. */
    public record Outcome(List<ReproductionReport.StageRecord> stages, List<ReproductionReport.Claim> claims) {}

    private ReproductionRun() {}

    /**
     * Runs {@code plan} (stages under {@code out}) on {@code backend}, then writes the report,
     * whose provenance names {@code commandLine}. A step that fails ends the run with its
     * exception: the stages finished before it keep their markers, and the same call resumes
     * after them; no report is written.
     */
    public static Outcome run(Reproduction.Scale scale, List<Reproduction.Stage> plan, Backend backend, Path out,
                              List<String> commandLine, Listener listener) {
        Provenance provenance = Provenance.capture(backend, commandLine, Reproduction.SEED, Instant.now());
        List<ReproductionReport.StageRecord> records = new ArrayList<>();
        int mergedShards = finishedShards(out);
        for (int i = 0; i < plan.size(); i++) {
            Reproduction.Stage stage = plan.get(i);
            listener.stageStarting(i + 1, plan.size(), stage);
            Double previousSeconds = finishedSeconds(stage);
            if (previousSeconds != null) {
                listener.stageReused(stage);
                records.add(new ReproductionReport.StageRecord(stage, previousSeconds, true));
                continue;
            }
            records.add(new ReproductionReport.StageRecord(stage, runStage(stage, backend, listener), false, mergedShards));
        }
        List<ReproductionReport.Claim> claims = ReproductionReport.claims(plan);
        ReproductionReport.write(out, scale, records, claims, provenance.finished(Instant.now()));
        return new Outcome(records, claims);
    }

    /**
     * Writes the stage's input files, runs its steps, keeps each step's summary and marks the
     * stage finished; returns the seconds it took. A summary is written atomically only when its
     * step succeeded, so a killed or failed step leaves no empty or partial summary behind.
     */
    private static double runStage(Reproduction.Stage stage, Backend backend, Listener listener) {
        Instant start = Instant.now();
        for (Map.Entry<String, String> file : stage.inputFiles().entrySet()) {
            AtomicFiles.writeString(stage.folder().resolve(file.getKey()), file.getValue());
        }
        for (ReproductionStep step : stage.steps()) {
            listener.stepStarting(step);
            String summary = step.run(backend);
            AtomicFiles.writeString(stage.folder().resolve(step.summaryFile()), summary);
        }
        double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
        Map<String, Object> marker = Reproduction.describe(stage);
        marker.put("seconds", seconds);
        marker.put("finished", Instant.now().toString());
        JsonOutput.writeFile(stage.folder().resolve(STAGE_MARKER), marker);
        return seconds;
    }

    /**
     * How many shards under OUT/shards/ finished ({@link ShardMarker}): a run on a folder that
     * holds them is the rerun of {@code netgeom merge}, which finishes the stages from the shards.
     */
    private static int finishedShards(Path out) {
        Path shards = out.resolve(Shard.SHARDS_FOLDER);
        if (!Files.isDirectory(shards)) return 0;
        try (var folders = Files.list(shards)) {
            return (int) folders.filter(f -> Files.isRegularFile(f.resolve(ShardMarker.FILE))).count();
        } catch (IOException e) {
            return 0; // unreadable: report the stages as run here
        }
    }

    /** The seconds a stage took when its marker shows it finished with exactly these commands; else null. */
    private static Double finishedSeconds(Reproduction.Stage stage) {
        Path marker = stage.folder().resolve(STAGE_MARKER);
        if (!Files.isRegularFile(marker)) return null;
        JsonNode json = JsonOutput.readFile(marker);
        List<String> commands = new ArrayList<>();
        json.path("commands").forEach(c -> commands.add(c.asText()));
        return commands.equals(stage.commands()) ? json.path("seconds").asDouble() : null;
    }
}
