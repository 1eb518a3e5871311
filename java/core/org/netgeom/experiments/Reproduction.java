package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.netgeom.backend.BackendOptions;
import org.netgeom.io.ProgressMode;
import org.netgeom.nn.RidgePenaltySearch;
import org.netgeom.report.FigureFormat;
import org.netgeom.star.StarlightConfig;
import org.netgeom.tensor.InvalidInputException;

/**
 * What {@code netgeom reproduce} runs: the four headline experiments (twin peaks, star domain,
 * trajectory manifold, symmetry breaking) as typed steps ({@link ReproductionStep}) that call
 * the experiments' entry points directly, at one of three scales; {@link ReproductionRun} runs
 * them. Each step also names the netgeom command line that does the same work, so that the
 * report can list exactly what ran and a reader can re-run or vary any single step by hand. The
 * parameters of each scale are the ones docs/RESULTS.md describes ("netgeom reproduce").
 */
public final class Reproduction {

    /** How big a reproduction is. */
    public enum Scale {
        /** Minutes on a 2-core CPU: subsets of the data, fewer widths, seeds and epochs. */
        QUICK,
        /**
         * The papers' protocols (issue 16) at the largest size two CPU cores finish in about two
         * hours; resumable like every scale.
         */
        STANDARD,
        /** The studies of docs/RESULTS.md at full size: for a GPU server (hours on a CPU). */
        FULL,
        /** Seconds: every stage on a few hundred examples, for the end-to-end test. */
        TINY;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /** The four experiments, in the order they run; {@code folder} is the stage's folder under the output folder. */
    public enum Experiment {
        TWIN_PEAKS("twin-peaks", "Twin peaks (boolean mean dimension and double descent)"),
        STAR_DOMAIN("star", "Star domains (Starlight)"),
        TRAJECTORY_MANIFOLD("trajectory", "Training-trajectory manifold"),
        SYMMETRY_BREAKING("symmetry", "Symmetry breaking (input dimension expansion)");

        private final String folder;
        private final String title;

        Experiment(String folder, String title) {
            this.folder = folder;
            this.title = title;
        }

        public String folder() { return folder; }

        public String title() { return title; }

        /** The experiment a name from --only means: its folder name. */
        public static Experiment parse(String name) {
            for (Experiment e : values()) if (e.folder.equals(name.trim().toLowerCase(Locale.ROOT))) return e;
            List<String> names = new ArrayList<>();
            for (Experiment e : values()) names.add(e.folder);
            throw new InvalidInputException("unknown experiment '" + name + "': use " + String.join(", ", names));
        }
    }

    /**
     * What every step shares: where to compute, how to show progress ("auto", "bar", "plain" or
     * "quiet"), the Fashion-MNIST folder (null: the default one), and the format of the figures
     * (null: PNG).
     */
    public record Common(BackendOptions backend, String progress, Path dataDirectory, FigureFormat figureFormat) {
        public Common {
            ProgressMode.parse(progress); // validates the name
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
        }

        /** The progress display the steps use. */
        public ProgressMode progressMode() { return ProgressMode.parse(progress); }

        /** The arguments appended to every step's command line. */
        List<String> arguments() {
            List<String> common = new ArrayList<>(List.of("--backend", backend.kind(), "--cuda-binding", backend.cudaBinding(),
                    "--device", Integer.toString(backend.deviceOrdinal()), "--progress", progress));
            if (backend.cudaLibraryPath() != null) common.addAll(List.of("--cuda-lib-path", backend.cudaLibraryPath().toString()));
            if (backend.tf32()) common.add("--tf32");
            if (dataDirectory != null) common.addAll(List.of("--data-dir", dataDirectory.toString()));
            // Only when not the default: stages finished before --format existed keep matching their commands.
            if (figureFormat != FigureFormat.PNG) common.addAll(List.of("--format", figureFormat.extension()));
            return common;
        }

        /** The backend options as a command records them (backend, cuda-binding, cuda-lib-path, device, tf32). */
        Map<String, Object> backendOptions() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("backend", backend.kind());
            options.put("cuda-binding", backend.cudaBinding());
            options.put("cuda-lib-path", backend.cudaLibraryPath());
            options.put("device", backend.deviceOrdinal());
            options.put("tf32", backend.tf32());
            return options;
        }

        /** The figure options as a command that draws figures records them (format: png or svg). */
        Map<String, Object> figureOptions() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("format", figureFormat.extension());
            return options;
        }
    }

    /**
     * One experiment's part of the plan: files to write into its folder first (name -> text),
     * then its steps in order.
     */
    public record Stage(Experiment experiment, Path folder, Map<String, String> inputFiles, List<ReproductionStep> steps) {
        public Stage {
            inputFiles = Map.copyOf(inputFiles);
            steps = List.copyOf(steps);
        }

        /** The stage's steps as command lines ({@link ReproductionStep#commandLine()}), in order. */
        public List<String> commands() { return steps.stream().map(ReproductionStep::commandLine).toList(); }

        /** The format the stage's figures are drawn in: its steps' ({@link Common#figureFormat()}). */
        public FigureFormat figureFormat() { return steps.isEmpty() ? FigureFormat.PNG : steps.getFirst().common().figureFormat(); }
    }

    /** Where the twin-peaks stage puts its two sweeps, relative to its folder. */
    public static final String INTERPOLATING_SWEEP = "lambda-1e-6";
    public static final String OPTIMAL_SWEEP = "lambda-optimal";
    /** Standard and full scales: the penalty sweep (spec bmd.md section 3) and the MLP sweeps (section 4). */
    public static final String LAMBDA_SWEEP = "lambda-sweep";
    public static final String LAMBDA_SWEEP_PENALTIES = "1e-6,1e-4,1e-3,1e-2,1e-1,optimal";
    /**
     * How every scale chooses the "optimal" penalty (spec bmd.md section 3; docs/methods/bmd.md, Optimal penalty):
     * the penalty with the lowest classification error, the generalization error whose monotone fall the claim is
     * about, on a validation set of fresh teacher draws as large as the test set. The validation MSE on 200 rows
     * (the choice before 2026-12-01) picks the same penalty near p = n (about 0.2) and larger ones below
     * p = d (docs/RESULTS.md, "Is our optimal lambda the paper's?").
     */
    public static final RidgePenaltySearch.Criterion OPTIMAL_PENALTY_CRITERION = RidgePenaltySearch.Criterion.ERROR;
    public static final String MLP_STANDARD_SWEEP = "mlp-standard";
    public static final String MLP_ADVERSARIAL_SWEEP = "mlp-adversarial";
    /** The MLP sweeps' training-label noise: the spec asks for 15-20% so that the test-error peak shows. */
    static final double MLP_LABEL_NOISE = 0.2;
    /** The trajectory stage's configuration list, relative to its folder. */
    public static final String TRAJECTORY_CONFIGS = "configs.csv";
    /** The seed every stage starts from; each command derives its own seeds from it. */
    public static final long SEED = 1;

    private Reproduction() {}

    /** What a reproduction writes in its output folder: the report and one folder per experiment. */
    public static List<String> resultEntries() {
        List<String> entries = new ArrayList<>(List.of(ReproductionRun.REPORT_MD, ReproductionRun.REPORT_JSON));
        for (Experiment e : Experiment.values()) entries.add(e.folder());
        return entries;
    }

    /** The stages for {@code scale}, writing under {@code out}; {@code only} empty means all four. */
    public static List<Stage> plan(Scale scale, Path out, Common common, List<Experiment> only) {
        List<Stage> stages = new ArrayList<>();
        for (Experiment experiment : Experiment.values()) {
            if (!only.isEmpty() && !only.contains(experiment)) continue;
            Path folder = out.resolve(experiment.folder());
            stages.add(switch (experiment) {
                case TWIN_PEAKS -> twinPeaks(scale, folder, common);
                case STAR_DOMAIN -> starDomain(scale, folder, common);
                case TRAJECTORY_MANIFOLD -> trajectoryManifold(scale, folder, common);
                case SYMMETRY_BREAKING -> symmetryBreaking(scale, folder, common);
            });
        }
        return stages;
    }

    // Random-features ridge on a sign teacher (docs/methods/bmd.md). Quick and tiny: one sweep at a
    // vanishing penalty (the interpolation peak) and one at the validated optimal penalty. Standard
    // and full: the penalty sweep of spec section 3 in one command (its rows at 1e-6 and "optimal"
    // carry the same claims), then the MLP sweeps of section 4 on binarized Fashion-MNIST with label
    // noise, standard and adversarial initialization.
    private static Stage twinPeaks(Scale scale, Path folder, Common common) {
        List<ReproductionStep> steps = new ArrayList<>();
        int inputDim = pick(scale, 100, 100, 12), trainSize = pick(scale, 400, 400, 40), testSize = pick(scale, 2000, 2000, 100);
        if (scale == Scale.STANDARD || scale == Scale.FULL) {
            return papersTwinPeaks(scale == Scale.FULL, folder, common, inputDim, trainSize, testSize);
        }
        for (String lambda : List.of("1e-6", "optimal")) {
            String sweep = lambda.equals("optimal") ? OPTIMAL_SWEEP : INTERPOLATING_SWEEP;
            steps.add(new ReproductionStep.DoubleDescentSweep(folder.resolve(sweep), sweep + ".json", inputDim, trainSize, testSize,
                    pick(scale, "0.1:10:19", "0.1:10:25", "0.25:4:5"), lambda, OPTIMAL_PENALTY_CRITERION, testSize,
                    pick(scale, 600, 1000, 16), pick(scale, 3, 3, 1), common));
        }
        return new Stage(Experiment.TWIN_PEAKS, folder, Map.of(), steps);
    }

    /**
     * The twin-peaks stage at the standard and full scales: the penalty sweep at d = 100, n = 400
     * (25 or 31 widths from p/n 0.1 to 10, 3 seeds), then MLP width sweeps on binarized
     * Fashion-MNIST with 20% label noise (n = 500 or 2000, Adam at 1e-3 in batches of 64 for 200 or
     * 500 epochs, widths across the interpolation threshold, 5 seeds), standard and adversarial.
     * Standard costs about 30 minutes on 2 cores (docs/methods/bmd.md, "netgeom reproduce").
     */
    private static Stage papersTwinPeaks(boolean full, Path folder, Common common, int inputDim, int trainSize, int testSize) {
        List<ReproductionStep> steps = new ArrayList<>();
        steps.add(new ReproductionStep.DoubleDescentSweep(folder.resolve(LAMBDA_SWEEP), LAMBDA_SWEEP + ".json", inputDim, trainSize,
                testSize, full ? "0.1:10:31" : "0.1:10:25", LAMBDA_SWEEP_PENALTIES, OPTIMAL_PENALTY_CRITERION, testSize,
                full ? 1000 : 600, 3, common));
        List<Integer> widths = full ? List.of(1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128, 256, 512)
                : List.of(1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128);
        int epochs = full ? 500 : 200;
        for (boolean adversarial : List.of(false, true)) {
            String sweep = adversarial ? MLP_ADVERSARIAL_SWEEP : MLP_STANDARD_SWEEP;
            steps.add(new ReproductionStep.MlpDoubleDescentSweep(folder.resolve(sweep), sweep + ".json", full ? 2000 : 500,
                    full ? 10000 : 2000, widths, MLP_LABEL_NOISE, epochs, 64, adversarial, epochs, full ? 1000 : 300, 5, common));
        }
        return new Stage(Experiment.TWIN_PEAKS, folder, Map.of(), steps);
    }

    /**
     * Training examples of the star stage's standard scale: with {@link #STAR_STANDARD_EPOCHS} of
     * SGD (lr 0.05, momentum 0.9, batch 128) a width-32 MLP reaches train loss <= 0.05 on them
     * (docs/methods/star.md, Faithful reproduction; measured with netgeom train, see RESULTS.md).
     */
    static final int STAR_STANDARD_TRAIN_SIZE = 2000;
    static final int STAR_STANDARD_EPOCHS = 100;
    /**
     * Starlight's epochs at the standard scale: a star model meets each source only at a random
     * t; at width 32 it stood at train loss 0.44 after 100 epochs and 0.10 after 400 (sources
     * 0.013).
     */
    static final int STAR_STANDARD_STAR_EPOCHS = 400;

    // The paper's protocol (docs/methods/star.md, Starlight): depth-1 MLPs on Fashion-MNIST at the
    // paper's widths, 17 sources ("anchors") and 3 held-out models trained close to
    // interpolation, the star from a random start, barriers on the whole train and test splits;
    // the source-average start is run beside it on the same zoo as a named variant. Quick keeps
    // a few minutes (fewer models, 5 epochs, 5000 barrier rows); full uses all the data.
    private static Stage starDomain(Scale scale, Path folder, Common common) {
        ReproductionStep step = new ReproductionStep.StarStudyRun(folder, "summary-stdout.csv",
                pickStandard(scale, List.of(16, 32), List.of(4, 8, 16, 32, 64), List.of(4, 8, 16, 32, 64), List.of(8)),
                pickStandard(scale, 8, 17, 17, 3), pickStandard(scale, 3, 3, 3, 2),
                pickStandard(scale, 5, STAR_STANDARD_EPOCHS, 100, 1), pickStandard(scale, 20, STAR_STANDARD_STAR_EPOCHS, 400, 1),
                pickStandard(scale, 11, 21, 21, 3),
                pickStandard(scale, 5000, 0, 0, 200), pickStandard(scale, "train", "both", "both", "both"),
                List.of(StarlightConfig.Start.SOURCE_AVERAGE.cliName()),
                pickStandard(scale, 20000, STAR_STANDARD_TRAIN_SIZE, null, 400), pickStandard(scale, 10000, null, null, 200), common);
        return new Stage(Experiment.STAR_DOMAIN, folder, Map.of(), List.of(step));
    }

    // The paper's distance-to-truth claim (<= 0.02 on train, i.e. train CE <= 0.04) needs models
    // trained to interpolation: on two cores that means a small training set (quick, standard:
    // the first 1000 images, which are also the train snapshot samples) and many steps (batch 32);
    // full: every image. Runs whose final train error exceeds 0.1 leave the embedding, as the
    // authors' runs do (tiny: kept, it trains for one epoch).
    private static Stage trajectoryManifold(Scale scale, Path folder, Common common) {
        ReproductionStep step = new ReproductionStep.TrajectorySweepRun(folder, "summary-stdout.json",
                folder.resolve(TRAJECTORY_CONFIGS), pickStandard(scale, "log:12", "log:16", "log:16", "log:3"),
                pickStandard(scale, 1000, 1000, 2000, 50), pickStandard(scale, 1000, 1000, null, 300),
                pickStandard(scale, 1000, 1000, null, 100), pickStandard(scale, 0.1, 0.1, 0.1, 1.0), common);
        return new Stage(Experiment.TRAJECTORY_MANIFOLD, folder, Map.of(TRAJECTORY_CONFIGS, trajectoryConfigs(scale)), List.of(step));
    }

    /**
     * The trajectory grid, so that the report can say which factors separate trajectories and
     * whether the manifold holds across kinds of network. MLPs: hidden width x depth x
     * activation x optimizer (standard, full: two seeds); standard and full add random features
     * and convolutional families (a small CNN at two widths, all-CNN, ResNet-20; full also
     * ResNet-18 at half width), quick one small CNN. SGD with momentum and Adam at their usual
     * learning rates; every config sees the same data. The list starts with the MLPs (the
     * narrowest family), so the diversity curve's config-order prefixes grow in kind.
     */
    static String trajectoryConfigs(Scale scale) {
        TrajectoryGrid grid = new TrajectoryGrid(pickStandard(scale, 32, 32, 128, 128));
        List<Long> seeds = pickStandard(scale, List.of(1L), List.of(1L, 2L), List.of(1L, 2L), List.of(1L));
        int mlpEpochs = pickStandard(scale, 30, 100, 100, 1);
        List<Integer> widths = pickStandard(scale, List.of(64, 256), List.of(64, 256), List.of(64, 256, 1024), List.of(8));
        List<Integer> depths = pickStandard(scale, List.of(1, 2), List.of(1, 2), List.of(1, 2, 3), List.of(1));
        List<String> activations = scale == Scale.TINY ? List.of("relu") : List.of("relu", "tanh");
        for (int width : widths) {
            for (int depth : depths) {
                StringBuilder model = new StringBuilder("784");
                for (int d = 0; d < depth; d++) model.append('-').append(width);
                model.append("-10");
                for (String activation : activations) {
                    grid.bothOptimizers("w" + width + "-d" + depth + "-" + activation, model.toString(), activation, mlpEpochs, seeds,
                            "", ADAM_RATE);
                }
            }
        }
        int cnnEpochs = pickStandard(scale, 30, 60, 60, 1);
        switch (scale) {
            case TINY -> grid.add("cnn4-adam-s1", "conv:4k3p1,relu,maxpool:2,flatten,linear:10", "relu", "adam", 1, 1, "1x28x28", ADAM_RATE);
            case QUICK -> grid.bothOptimizers("cnn8", smallCnn(8), "relu", cnnEpochs, seeds, "1x28x28", ADAM_RATE);
            case STANDARD, FULL -> {
                for (int p : scale == Scale.FULL ? List.of(1024, 8192) : List.of(1024, 4096)) {
                    // Only the readout trains (a convex problem): Adam at 1e-3 left rf:1024 at train CE 1.09 after
                    // 60 epochs of batch 32 on 1000 images, so random features use Adam at 1e-2.
                    grid.bothOptimizers("rf" + p, "rf:" + p, "relu", mlpEpochs, List.of(1L), "", "0.01");
                }
                for (int channels : List.of(8, 16)) {
                    grid.bothOptimizers("cnn" + channels, smallCnn(channels), "relu", cnnEpochs, seeds, "1x28x28", ADAM_RATE);
                }
                // The named networks cost 10-40x the small CNN per sample on the CPU (resnet20:w0.5 trained 17
                // samples/s at batch 32 while the machine ran ~25 other threads), so standard keeps them narrow and short.
                List<String> named = scale == Scale.FULL ? List.of("allcnn:w0.5", "resnet20", "resnet18:w0.5")
                        : List.of("allcnn:w0.25", "resnet20:w0.25");
                int namedEpochs = scale == Scale.FULL ? cnnEpochs : 30;
                for (String network : named) {
                    grid.bothOptimizers(network.replace(":", "-").replace(".", ""), network, "relu", namedEpochs,
                            scale == Scale.FULL ? seeds : List.of(1L), "1x28x28", ADAM_RATE);
                }
            }
        }
        return grid.csv();
    }

    /** Two 3x3 convolutions with max pooling, then a linear classifier (the small CNN at {@code channels}, 2 x channels). */
    private static String smallCnn(int channels) {
        return "conv:" + channels + "k3p1,relu,maxpool:2,conv:" + (2 * channels) + "k3p1,relu,maxpool:2,flatten,linear:10";
    }

    private static final String ADAM_RATE = "0.001";

    /** Rows of a trajectory configs CSV. */
    private static final class TrajectoryGrid {
        private final int batch;
        private final StringBuilder csv = new StringBuilder(
                "name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed,momentum,input_shape\n");

        TrajectoryGrid(int batch) { this.batch = batch; }

        /** SGD with momentum 0.9 at lr 0.05, and Adam at {@code adamRate}. */
        void bothOptimizers(String stem, String model, String activation, int epochs, List<Long> seeds, String inputShape,
                            String adamRate) {
            for (String optimizer : List.of("sgd", "adam")) {
                for (long seed : seeds) {
                    add(stem + "-" + optimizer + "-s" + seed, model, activation, optimizer, epochs, seed, inputShape, adamRate);
                }
            }
        }

        void add(String name, String model, String activation, String optimizer, int epochs, long seed, String inputShape,
                 String adamRate) {
            boolean sgd = optimizer.equals("sgd");
            String rate = sgd ? "0.05" : adamRate;
            // Quoted: a layer list holds commas.
            csv.append(String.join(",", name, "\"" + model + "\"", activation, optimizer, rate, Integer.toString(batch),
                    "0", "0", "false", Integer.toString(epochs), Long.toString(seed), sgd ? "0.9" : "0", inputShape)).append('\n');
        }

        String csv() { return csv.toString(); }
    }

    /**
     * MLP and small-CNN arms on Fashion-MNIST (the full scale adds ResNet-18) and the heat
     * equation trained to convergence. Standard: the quick arms on more data, epochs and seeds
     * (docs/methods/symmetry.md, "Cost", says how its half hour was estimated).
     */
    private static Stage symmetryBreaking(Scale scale, Path folder, Common common) {
        List<String> small = List.of(SymmetryArms.MLP, SymmetryArms.CNN);
        ReproductionStep step = new ReproductionStep.SymmetryStudyRun(folder, "summary-stdout.json",
                pickStandard(scale, small, small, List.of(SymmetryArms.MLP, SymmetryArms.CNN, "resnet18"), small),
                pickStandard(scale, 64, 128, 128, 16), pickStandard(scale, 1, 2, 20, 1), pickStandard(scale, 3, 5, 5, 2),
                pickStandard(scale, 2000, 5000, 0, 300), pickStandard(scale, 2000, 4000, 4000, 200),
                pickStandard(scale, 100, 400, 400, 2), pickStandard(scale, 10000, 10000, 10000, 200),
                pickStandard(scale, 2000, 2000, null, 100), common);
        return new Stage(Experiment.SYMMETRY_BREAKING, folder, Map.of(), List.of(step));
    }

    /**
     * The value for {@code scale}. Stages not yet given their own standard settings run their
     * quick ones at the standard scale ({@link #pickStandard} gives a stage its own).
     */
    private static <T> T pick(Scale scale, T quick, T full, T tiny) {
        return pickStandard(scale, quick, quick, full, tiny);
    }

    private static <T> T pickStandard(Scale scale, T quick, T standard, T full, T tiny) {
        return switch (scale) {
            case QUICK -> quick;
            case STANDARD -> standard;
            case FULL -> full;
            case TINY -> tiny;
        };
    }

    /** The plan as JSON-ready maps (report.json and the stage markers record it). */
    public static Map<String, Object> describe(Stage stage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", stage.experiment().folder());
        m.put("commands", stage.commands());
        return m;
    }
}
