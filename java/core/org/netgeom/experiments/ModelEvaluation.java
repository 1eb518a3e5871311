package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.bmd.AttackSettings;
import org.netgeom.bmd.GradientAttack;
import org.netgeom.bmd.Robustness;
import org.netgeom.data.Dataset;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.nn.Loss;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.Evaluator;

/**
 * {@code netgeom eval} and {@code netgeom robustness}: a model file measured on a data set (its
 * inputs matched to the model's, as the file's input expansion says), accuracy and loss, or the
 * effect of flipping k inputs of each example (docs/methods/bmd.md, Robustness).
 */
public final class ModelEvaluation {
    /** Accuracy and loss on the named split. */
    public record Evaluation(Evaluator.Evaluation evaluation, String split, String backend) {
        /** What eval --json prints: accuracy, loss, samples, split, backend. */
        public Map<String, Object> toMap() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("accuracy", evaluation.accuracy());
            result.put("loss", evaluation.loss());
            result.put("samples", evaluation.rows());
            result.put("split", split);
            result.put("backend", backend);
            return result;
        }
    }

    /** The robustness curve, on how many examples, of which model and where. */
    public record RobustnessCurve(Robustness.Result result, int examples, Path model, String backend) {
        /** What robustness --json prints: clean_accuracy, points, examples, model, backend. */
        public Map<String, Object> toMap() {
            List<Map<String, Object>> points = new ArrayList<>();
            for (Robustness.Point p : result.points()) points.add(p.toMap());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("clean_accuracy", result.cleanAccuracy());
            out.put("points", points);
            out.put("examples", examples);
            out.put("model", model.toString());
            out.put("backend", backend);
            return out;
        }
    }

    /** A gradient attack's robust accuracies, on how many examples, of which model and where. */
    public record AttackCurve(GradientAttack.Result result, int examples, Path model, String backend) {
        /**
         * What robustness --attack --json prints: attack, norm, clean_accuracy, valid_range
         * ({lower, upper, source}; null bounds when unbounded), steps, step_size (null: eps / 4),
         * points (one per epsilon or flip count), and with a single epsilon also epsilon and
         * robust_accuracy at the top; examples, model, backend.
         */
        public Map<String, Object> toMap() {
            AttackSettings settings = result.settings();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("attack", settings.attack().cliName());
            boolean flips = settings.attack() == AttackSettings.Attack.GREEDY_FLIP;
            if (!flips) out.put("norm", settings.norm().cliName());
            out.put("clean_accuracy", result.cleanAccuracy());
            if (!flips) {
                AttackSettings.ValidRange range = settings.validRange();
                Map<String, Object> valid = new LinkedHashMap<>();
                valid.put("lower", Double.isFinite(range.lower()) ? range.lower() : null);
                valid.put("upper", Double.isFinite(range.upper()) ? range.upper() : null);
                valid.put("source", range.name());
                out.put("valid_range", valid);
                out.put("steps", settings.effectiveSteps());
                out.put("step_size", settings.attack() == AttackSettings.Attack.PGD ? settings.stepSize() : null);
            }
            List<Map<String, Object>> points = new ArrayList<>();
            for (GradientAttack.Point p : result.points()) points.add(p.toMap(settings.attack()));
            out.put("points", points);
            if (!flips && result.points().size() == 1) {
                out.put("epsilon", result.points().getFirst().epsilon());
                out.put("robust_accuracy", result.points().getFirst().robustAccuracy());
            }
            out.put("examples", examples);
            out.put("model", model.toString());
            out.put("backend", backend);
            return out;
        }
    }

    private ModelEvaluation() {}

    /**
     * Accuracy and mean loss of {@code model} on {@code data} (the split named {@code split});
     * {@code loss} null means the loss the model was trained with (from its file).
     */
    public static Evaluation evaluate(Backend backend, Path model, Activation plainActivation, Dataset data, String split, Loss loss) {
        try (TrainableModel loaded = ModelFiles.load(backend, model, plainActivation)) {
            Dataset matched = ModelFiles.matchInputs(model, data, loaded.inputDim());
            Loss lossKind = loss != null ? loss : ModelFiles.trainingLoss(model, matched.classes());
            return new Evaluation(Evaluator.evaluate(loaded, lossKind, matched), split, backend.name());
        }
    }

    /** Changed predictions and accuracy after flipping each of {@code flips} random inputs (drawn with {@code seed}) of every example. */
    public static RobustnessCurve robustness(Backend backend, Path model, Activation plainActivation, Dataset data, int[] flips,
                                             long seed) {
        try (TrainableModel loaded = ModelFiles.load(backend, model, plainActivation)) {
            Dataset matched = ModelFiles.matchInputs(model, data, loaded.inputDim());
            return new RobustnessCurve(Robustness.measure(loaded, matched, flips, seed), matched.size(), model, backend.name());
        }
    }

    /**
     * Robust accuracy of {@code model} on {@code data} under a gradient attack; {@code validRange}
     * "auto", "none" or "LO:HI" (read against the data as the model sees them, {@link AttackSettings.ValidRange#parse}:
     * binarized for a model trained with --binarize, so "auto" is [-1, 1] there) replaces the settings' range. A model
     * that expands its inputs is refused: the attack would move the constant pixels the expansion adds, which are not
     * the data's. (A binarized model is attacked on its +-1 inputs; before 2026-12-01 it was refused as "expanding".)
     */
    public static AttackCurve attack(Backend backend, Path model, Activation plainActivation, Dataset data, AttackSettings settings,
                                     String validRange, ProgressMode progress) {
        try (TrainableModel loaded = ModelFiles.load(backend, model, plainActivation)) {
            Dataset matched = ModelFiles.matchInputs(model, data, loaded.inputDim());
            if (matched.inputDim() != data.inputDim()) {
                throw new InvalidInputException("model " + model + " expands its inputs (" + data.inputDim() + " -> " + loaded.inputDim()
                        + " features); gradient attacks would move the added constant inputs too and are not supported on it: "
                        + "use the random flips (robustness without --attack)");
            }
            AttackSettings ranged = validRange == null ? settings : settings.withValidRange(AttackSettings.ValidRange.parse(validRange, matched.inputs()));
            GradientAttack.check(loaded, matched, ranged);
            try (Progress bar = Progress.start(progress, settings.attack().cliName(), GradientAttack.progressUnits(ranged), "gradient steps")) {
                return new AttackCurve(GradientAttack.measure(loaded, matched, ranged, bar), matched.size(), model, backend.name());
            }
        }
    }
}
