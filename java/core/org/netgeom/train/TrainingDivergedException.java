package org.netgeom.train;

import org.netgeom.tensor.InvalidInputException;

/** The training loss became NaN or infinite: names the step and suggests what to change. */
public class TrainingDivergedException extends InvalidInputException {
    public TrainingDivergedException(long firstStep, long lastStep, double loss, double learningRate) {
        super("training loss became " + loss + " between steps " + firstStep + " and " + lastStep
                + " (learning rate " + learningRate + "): lower the learning rate (--lr) or check the data for extreme values");
    }
}
