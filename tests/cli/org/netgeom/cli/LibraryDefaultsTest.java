package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.experiments.DoubleDescent;
import org.netgeom.experiments.StarStudy;
import org.netgeom.experiments.StarlightRun;
import org.netgeom.experiments.SymmetryStudy;
import org.netgeom.experiments.TrajectoryConfig;
import org.netgeom.experiments.TrainingRun;
import org.netgeom.experiments.TrajectorySweep;
import org.netgeom.experiments.Zoo;
import org.netgeom.nn.ModelSpec;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.FigureFormat;
import org.netgeom.star.StarlightConfig;
import org.netgeom.star.TSampling;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.StepSchedule;
import org.netgeom.train.TrainConfig;

/** The settings records' defaults() are the commands' defaults, and their withers are checked like the constructors. */
class LibraryDefaultsTest {
    private static final CommandLine CLI = Main.commandLine();

    private static String cliDefault(String command, String option) {
        return CLI.getSubcommands().get(command).getCommandSpec().findOption(option).defaultValue();
    }

    private static int cliInt(String command, String option) { return Integer.parseInt(cliDefault(command, option)); }

    private static double cliDouble(String command, String option) { return Double.parseDouble(cliDefault(command, option)); }

    private static void assertTraining(String command, TrainConfig training) {
        assertEquals(cliInt(command, "--epochs"), training.epochs(), command + " --epochs");
        assertEquals(cliInt(command, "--batch"), training.batchSize(), command + " --batch");
        assertEquals(cliDouble(command, "--lr"), training.optimizer().learningRate(), 1e-6, command + " --lr");
        assertEquals(cliDouble(command, "--momentum"), training.optimizer().momentum(), 1e-6, command + " --momentum");
        assertEquals(cliDefault(command, "--optimizer"), training.optimizer().kind().name().toLowerCase());
        assertEquals(cliInt(command, "--log-every"), training.logEverySteps(), command + " --log-every");
    }

    @Test
    void trainingDefaultsAreTrainsAndTheStarCommandsShareZoosTraining() {
        assertTraining("train", TrainConfig.defaults());
        assertTraining("zoo", Zoo.TRAINING);
        assertTraining("starlight", StarlightRun.Settings.defaults().training());
        assertTraining("star-study", StarStudy.Settings.defaults().zoo().run().training());
    }

    @Test
    void bmdDefaultsAreTheBmdCommands() {
        BmdSettings bmd = BmdSettings.defaults();
        assertEquals(cliInt("bmd", "--samples"), bmd.samples());
        assertEquals(Long.parseLong(cliDefault("bmd", "--seed")), bmd.seed());
        assertEquals(cliDefault("bmd", "--distribution"), bmd.distribution().name());
        assertEquals(BmdSettings.of(bmd.distribution(), bmd.samples(), bmd.seed()), bmd);
        assertThrows(InvalidInputException.class, () -> bmd.withSamples(1));
    }

    @Test
    void starDefaultsAreStarlightsAndStarStudys() {
        StarlightRun.Settings starlight = StarlightRun.Settings.defaults();
        assertEquals(cliInt("starlight", "--points"), starlight.points());
        assertEquals(cliDefault("starlight", "--split"), starlight.split());
        assertEquals(cliInt("starlight", "--eval-rows"), starlight.evalRows());
        assertEquals(ProgressMode.QUIET, starlight.progress(), "progress is optional: quiet unless asked");
        StarlightConfig star = starlight.star();
        assertEquals(cliDouble("starlight", "--mu"), star.mu());
        assertEquals(TSampling.parse(cliDefault("starlight", "--t-sampling")), star.tSampling());
        assertEquals(StarlightConfig.Start.parse(cliDefault("starlight", "--star-init")), star.start());
        assertEquals(9, star.withSeed(9).seed());
        assertThrows(InvalidInputException.class, () -> star.withMu(-1));

        StarStudy.Settings study = StarStudy.Settings.defaults();
        assertEquals(cliDefault("star-study", "--widths"), String.join(",", study.widths().stream().map(String::valueOf).toList()));
        assertEquals(cliInt("star-study", "--depth"), study.depth());
        assertEquals(cliInt("star-study", "--sources"), study.zoo().sources());
        assertEquals(cliInt("star-study", "--held-out"), study.zoo().heldOut());
        assertEquals(ProgressMode.PLAIN, study.withProgress(ProgressMode.PLAIN).starlight().progress());
        assertThrows(InvalidInputException.class, () -> study.withDepth(0));

        Zoo.Settings zoo = Zoo.Settings.defaults(new ModelSpec.RandomFeaturesSpec(4, Activation.RELU));
        assertEquals(cliInt("zoo", "--count"), zoo.sources());
        assertEquals(cliInt("zoo", "--held-out"), zoo.heldOut());
    }

    @Test
    void trajectoryAndSymmetryDefaultsAreTheirCommands() {
        TrajectoryConfig config = new TrajectoryConfig("a", "4-3-2", "relu", "sgd", 0.1f, 8, 0, 0, false, 1, 1, 0);
        TrajectorySweep.Settings sweep = TrajectorySweep.Settings.defaults(List.of(config));
        assertEquals(StepSchedule.parse(cliDefault("trajectories", "--snapshots")).toString(), sweep.snapshots().toString());
        assertEquals(cliInt("trajectories", "--snapshot-samples"), sweep.trainSnapshotSamples());
        assertEquals(cliInt("trajectories", "--snapshot-samples"), sweep.testSnapshotSamples());
        assertThrows(InvalidInputException.class, () -> sweep.withSnapshotSamples(0));

        SymmetryStudy.Settings symmetry = SymmetryStudy.Settings.defaults();
        assertEquals(cliInt("symmetry-study", "--width"), symmetry.hiddenWidth());
        assertEquals(cliInt("symmetry-study", "--epochs"), symmetry.epochs());
        assertEquals(cliInt("symmetry-study", "--seeds"), symmetry.seeds());
        assertEquals(Long.parseLong(cliDefault("symmetry-study", "--seed")), symmetry.firstSeed());
        assertEquals(cliInt("symmetry-study", "--batch"), symmetry.batch());
        assertEquals(cliDouble("symmetry-study", "--lr"), symmetry.learningRate(), 1e-6);
        assertEquals(cliInt("symmetry-study", "--train-size"), symmetry.trainSize());
        assertEquals(cliInt("symmetry-study", "--heat-epochs"), symmetry.heatEpochs());
        assertEquals(cliInt("symmetry-study", "--permutations"), symmetry.permutations());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> symmetry.withSeeds(0));
        assertEquals("seeds", e.field());
    }

    @Test
    void doubleDescentDefaultsAreItsCommands() {
        DoubleDescent.Settings settings = DoubleDescent.Settings.defaults(new int[] {10, 20});
        assertEquals(cliDouble("double-descent", "--lambda"), settings.lambda());
        assertEquals(Activation.parse(cliDefault("double-descent", "--activation")), settings.activation());
        assertEquals(cliDefault("double-descent", "--distribution"), settings.distribution());
        assertEquals(cliInt("double-descent", "--samples"), settings.bmdSamples());
        assertEquals(cliInt("double-descent", "--seeds"), settings.seeds());
        assertEquals(cliInt("double-descent", "--epochs"), settings.training().epochs());
        assertEquals(cliInt("double-descent", "--batch"), settings.training().batchSize());
        assertEquals(cliDouble("double-descent", "--lr"), settings.training().optimizer().learningRate(), 1e-6);
        assertEquals(cliInt("double-descent", "--adversarial-epochs"), settings.adversarialEpochs());
        assertTrue(Arrays.equals(new int[] {10, 20}, settings.widths()));
        assertThrows(InvalidInputException.class, () -> settings.withSeeds(0));
    }

    @Test
    void figuresArePngByDefaultAsFormatSaysAndAWitherChangesOnlyTheFormat() {
        FigureFormat cli = FigureFormat.parse(cliDefault("train", "--format"));
        ModelSpec model = new ModelSpec.RandomFeaturesSpec(4, Activation.RELU);
        TrainingRun.Settings run = TrainingRun.Settings.defaults(model);
        assertEquals(cli, run.figureFormat());
        assertEquals(run, run.withFigureFormat(FigureFormat.SVG).withFigureFormat(FigureFormat.PNG));
        assertEquals(cli, StarlightRun.Settings.defaults().figureFormat());
        assertEquals(cli, DoubleDescent.Settings.defaults(new int[] {10}).figureFormat());
        assertEquals(cli, SymmetryStudy.Settings.defaults().figureFormat());
        TrajectoryConfig config = new TrajectoryConfig("a", "4-3-2", "relu", "sgd", 0.1f, 8, 0, 0, false, 1, 1, 0);
        assertEquals(cli, TrajectorySweep.Settings.defaults(List.of(config)).figureFormat());
        assertEquals(FigureFormat.SVG, SymmetryStudy.Settings.defaults().withFigureFormat(FigureFormat.SVG).figureFormat());

        StarStudy.Settings study = StarStudy.Settings.defaults().withFigureFormat(FigureFormat.SVG);
        assertEquals(FigureFormat.SVG, study.starlight().figureFormat(), "the summary and the star models' figures");
        assertEquals(FigureFormat.SVG, study.zoo().run().figureFormat(), "the zoos' loss figures");
        assertEquals(StarStudy.Settings.defaults().widths(), study.widths());
    }
}
