package org.netgeom.train;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;

/** Applies one optimizer step to a flat parameter vector; owns the optimizer's state on the device. */
public final class Optimizer implements AutoCloseable {
    private final Backend backend;
    private final OptimizerConfig config;
    private final DeviceMatrix firstState;
    private final DeviceMatrix secondState;
    private int step;

    public Optimizer(Backend backend, OptimizerConfig config, int parameterCount) {
        this.backend = backend;
        this.config = config;
        boolean needsFirst = config.kind() != OptimizerConfig.Kind.SGD || config.momentum() != 0;
        this.firstState = needsFirst ? backend.allocate(1, parameterCount) : null;
        this.secondState = config.kind() == OptimizerConfig.Kind.SGD ? null : backend.allocate(1, parameterCount);
    }

    public OptimizerConfig config() { return config; }

    /** Number of steps taken so far. */
    public int steps() { return step; }

    /** params -= update(grads) at the given learning rate (a schedule may vary it per step). */
    public void step(DeviceMatrix params, DeviceMatrix grads, float learningRate) {
        step++;
        switch (config.kind()) {
            case SGD -> backend.sgdUpdate(params, grads, firstState, learningRate, config.momentum(), config.nesterov(),
                    config.weightDecay());
            case ADAM, ADAMW -> backend.adamUpdate(params, grads, firstState, secondState, learningRate, config.beta1(),
                    config.beta2(), config.epsilon(), config.weightDecay(), config.kind() == OptimizerConfig.Kind.ADAMW,
                    step);
        }
    }

    @Override
    public void close() {
        if (firstState != null) firstState.close();
        if (secondState != null) secondState.close();
    }
}
