package org.netgeom.star;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.nn.Loss;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;
import org.netgeom.train.StepObjective;
import org.netgeom.train.TrainingCallback;
import org.netgeom.train.TrainingContext;
import org.netgeom.train.TrainingResult;

/**
 * Starlight's training step (docs/methods/star.md, Starlight), plugged into {@code train.Trainer}:
 * each step draws a source i and a t, evaluates the loss at theta_t = (1 - t) theta* + t theta_i on
 * the batch, and gives theta* the gradient (1 - t) dL/dtheta_t (plus mu dL/dtheta*, all over
 * 1 + mu). The reported training loss is that of theta_t. Sources stay resident on the backend.
 * In a network with BatchNorm, theta_t normalizes with the batch's own statistics (training
 * mode), as the spec says; its running statistics are never used.
 */
public final class StarlightObjective implements StepObjective, AutoCloseable {
    /** Philox stream of the (source, t) draws; step s uses block s ({@link StarStreams}). */
    private static final long DRAW_STREAM = StarStreams.STARLIGHT_DRAWS;

    private final StarlightConfig config;
    private final Loss loss;
    private final TrainableModel interpolated;
    private final List<DeviceMatrix> sources = new ArrayList<>();
    private final MemoryScope scope;
    private final DeviceMatrix ownStats;
    private final BatchNormRecompute statistics;
    private final TrainableModel evaluated;
    private long step;

    /**
     * {@code sources} are closed by the caller; their parameters are copied to the backend here.
     * A star network with BatchNorm is evaluated at each epoch's end ({@link #evaluationModel})
     * as a copy whose running statistics {@code statistics} recomputes (null, or a model without
     * BatchNorm: the star model as it is).
     */
    public StarlightObjective(TrainableModel star, List<? extends TrainableModel> sourceModels, Loss loss, StarlightConfig config,
                              BatchNormRecompute statistics) {
        if (sourceModels.isEmpty()) throw new InvalidInputException("Starlight needs at least one source model");
        for (int i = 0; i < sourceModels.size(); i++) {
            StarModels.requireCompatible(star, "the star model", sourceModels.get(i), "source " + i);
        }
        this.config = config;
        this.loss = loss;
        Backend backend = star.backend();
        this.scope = new MemoryScope(backend);
        for (TrainableModel source : sourceModels) {
            DeviceMatrix copy = scope.allocate(1, (int) source.parameters().size());
            backend.copy(source.parameters(), copy);
            sources.add(copy);
        }
        this.interpolated = StarModels.sameShape(star);
        this.ownStats = scope.allocate(1, 2);
        this.statistics = StarModels.hasBatchNorm(star) ? statistics : null;
        this.evaluated = this.statistics == null ? null : StarModels.sameShape(star);
    }

    /**
     * The star network's test metrics need running statistics that fit its parameters, and
     * training never sets them (theta_t runs in training mode, the star model does not): they are
     * recomputed as after training, on a copy, so that the star model itself, its dropout masks
     * included, trains the same bits as without the evaluation.
     */
    @Override
    public TrainableModel evaluationModel(TrainableModel trained) {
        if (evaluated == null) return trained;
        trained.backend().copy(trained.parameters(), evaluated.parameters());
        statistics.apply(evaluated);
        return evaluated;
    }

    public List<DeviceMatrix> sources() { return List.copyOf(sources); }

    @Override
    public void computeGradients(TrainableModel model, DeviceMatrix inputs, DeviceMatrix targets, DeviceMatrix gradOutputs,
                                 int meanOver, DeviceMatrix stats) {
        Backend backend = model.backend();
        int[] words = new int[4];
        Philox.block(config.seed(), DRAW_STREAM, step++, words);
        int source = (int) Math.min(sources.size() - 1, Math.floor(Philox.unitFloat(words[0]) * (double) sources.size()));
        double t = config.tSampling().sample(Philox.unitFloat(words[1]), Philox.unitFloat(words[2]), Philox.unitFloat(words[3]));
        double norm = 1 + config.mu();
        if (config.mu() > 0) {
            DeviceMatrix own = model.forward(inputs, true);
            loss.evaluate(backend, own, targets, gradOutputs, meanOver, ownStats);
            model.backward(gradOutputs);
            backend.scale((float) (config.mu() / norm), model.gradients());
        }
        BarrierCurve.interpolate(backend, model.parameters(), sources.get(source), t, interpolated.parameters());
        DeviceMatrix outputs = interpolated.forward(inputs, true);
        loss.evaluate(backend, outputs, targets, gradOutputs, meanOver, stats);
        interpolated.backward(gradOutputs);
        if (config.mu() > 0) {
            backend.axpy((float) ((1 - t) / norm), interpolated.gradients(), model.gradients());
        } else {
            backend.copy(interpolated.gradients(), model.gradients());
            backend.scale((float) (1 - t), model.gradients());
        }
    }

    /** Replaces every source by its alignment to the star model's current parameters. */
    public void realign(TrainableModel star) {
        Backend backend = star.backend();
        try (TrainableModel source = StarModels.sameShape(star)) {
            for (DeviceMatrix parameters : sources) {
                backend.copy(parameters, source.parameters());
                Matrix aligned = ModelAlignment.align(star, source, config.seed(), 100).parameters();
                backend.upload(aligned, parameters);
            }
        }
    }

    /** Realigns the sources at the start of every epoch, when the config asks for it. */
    public TrainingCallback realignCallback() {
        return new TrainingCallback() {
            @Override public void onStart(TrainingContext context) {
                if (config.realign()) realign(context.model());
            }

            @Override public void onEpochEnd(TrainingContext context, org.netgeom.train.MetricsRow row) {
                boolean more = context.epoch() + 1 < context.config().epochs();
                if (config.realign() && more) realign(context.model());
            }

            @Override public void onEnd(TrainingContext context, TrainingResult result) {}
        };
    }

    @Override
    public void close() {
        interpolated.close();
        if (evaluated != null) evaluated.close();
        scope.close();
    }
}
