package org.netgeom.star;

import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Weight matching for whichever kind of model is given: {@link WeightMatching} for MLPs,
 * {@link NetworkMatching} for convolutional networks. {@code statistics} are a network's aligned
 * BatchNorm running statistics (null for an MLP).
 */
public record ModelAlignment(Matrix parameters, Matrix statistics, int rounds, boolean converged, int unitsMoved) {

    /** Aligns {@code other} to {@code reference} (same kind and shape); neither model changes. */
    public static ModelAlignment align(TrainableModel reference, TrainableModel other, long seed, int maxRounds) {
        StarModels.requireCompatible(reference, "the reference model", other, "the model to align");
        if (reference instanceof Mlp a && other instanceof Mlp b) {
            WeightMatching.Alignment alignment = WeightMatching.align(a, b, seed, maxRounds);
            int moved = 0;
            for (int[] permutation : alignment.permutations()) for (int i = 0; i < permutation.length; i++) if (permutation[i] != i) moved++;
            return new ModelAlignment(alignment.alignedParameters(), null, alignment.rounds(), alignment.converged(), moved);
        }
        if (reference instanceof ConvNet a && other instanceof ConvNet b) {
            NetworkMatching.Alignment alignment = NetworkMatching.align(a, b, seed, maxRounds);
            return new ModelAlignment(alignment.alignedParameters(), alignment.alignedStatistics(), alignment.rounds(),
                    alignment.converged(), alignment.unitsMoved());
        }
        throw new InvalidInputException("weight matching takes MLPs and convolutional networks, not "
                + reference.getClass().getSimpleName());
    }

    /** Loads the aligned parameters (and a network's running statistics) into {@code model}; returns it. */
    public <M extends TrainableModel> M applyTo(M model) {
        switch (model) {
            case Mlp mlp -> mlp.loadParameters(parameters);
            case ConvNet net -> {
                net.loadParameters(parameters);
                if (statistics != null) net.loadRunningStatistics(statistics);
            }
            default -> throw new InvalidInputException("cannot load aligned parameters into a " + model.getClass().getSimpleName());
        }
        return model;
    }
}
