package org.netgeom.experiments;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.bmd.BooleanMeanDimension;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.bmd.Readout;
import org.netgeom.data.Dataset;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/**
 * {@code netgeom bmd}: the Boolean mean dimension of a model file (docs/methods/bmd.md), Monte
 * Carlo over bit flips or exact over all 2^d inputs; with a folder, the files of
 * {@link BmdReport} (bmd.json with provenance, influence.csv, influence.png or .svg).
 */
public final class BmdRun {
    /**
     * @param distribution    uniform, gaussian, data (rows of a +-1 data set) or data-reflect (rows of any data set)
     * @param exact           every one of the 2^d inputs (uniform only, d &lt;= 20) instead of Monte Carlo
     * @param plainActivation the activation between the layers of a plain PyTorch state_dict
     * @param figureFormat    the influence map's format (null: PNG)
     */
    public record Settings(Path model, Activation plainActivation, boolean exact, String distribution, int samples, Readout readout,
                           long seed, ProgressMode progress, FigureFormat figureFormat, List<String> commandLine) {
        public Settings {
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
            if (exact && !distribution.trim().equalsIgnoreCase("uniform")) {
                throw new InvalidInputException("the exact BMD is taken under the uniform distribution: ask for the exact BMD or for the "
                        + distribution + " distribution, not both");
            }
        }

        /** The format of influence.png / influence.svg. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(model, plainActivation, exact, distribution, samples, readout, seed, progress, value, commandLine);
        }

        /** True when the points come from a data set's rows, which {@link #run} then needs. */
        public boolean needsData() { return !exact && InputDistribution.needsData(distribution); }
    }

    /** The result, and its JSON form (bmd --json, bmd.json's "results"): the numbers, readout, model and backend. */
    public record Outcome(BmdResult result, Map<String, Object> json) {}

    private BmdRun() {}

    /**
     * Measures the model; {@code points} are the data rows of the data distribution (null for the
     * others). With {@code outDir}, writes the report there.
     */
    public static Outcome run(Settings settings, Backend backend, Dataset points, Path outDir) {
        Instant started = Instant.now();
        try (TrainableModel model = ModelFiles.load(backend, settings.model(), settings.plainActivation())) {
            BmdResult result = settings.exact() ? BooleanMeanDimension.exact(model, settings.readout())
                    : monteCarlo(settings, model, points);
            if (!result.isDefined()) {
                throw new InvalidInputException("the " + result.measureName() + " of " + settings.model() + " is undefined: its output"
                        + " is constant over the " + result.samples() + " inputs (variance 0), and it is total influence / variance");
            }
            Map<String, Object> json = result.toMap();
            json.put("readout", settings.readout().describe());
            json.put("model", settings.model().toString());
            json.put("backend", backend.name());
            if (outDir != null) {
                BmdReport.write(outDir, result, json,
                        Provenance.capture(backend, settings.commandLine(), settings.seed(), started).finished(Instant.now()),
                        settings.figureFormat());
            }
            return new Outcome(result, json);
        }
    }

    private static BmdResult monteCarlo(Settings settings, TrainableModel model, Dataset points) {
        if (settings.needsData() && points == null) throw new InvalidInputException("the data distribution needs a data set to draw from");
        Dataset matched = settings.needsData() ? ModelFiles.matchInputs(settings.model(), points, model.inputDim()) : null;
        BmdSettings bmd = BmdSettings.of(InputDistribution.parse(settings.distribution(), matched), settings.samples(), settings.seed())
                .withReadout(settings.readout());
        try (Progress bar = Progress.start(settings.progress(), "bmd", settings.samples(), "points")) {
            return BooleanMeanDimension.monteCarlo(model, bmd, bar);
        }
    }
}
