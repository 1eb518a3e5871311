package org.netgeom.train;

import java.util.List;
import org.netgeom.tensor.InvalidInputException;

/** The training loss became NaN or infinite: names the step and suggests what to change. */
public class TrainingDivergedException extends InvalidInputException {
    public TrainingDivergedException(long firstStep, long lastStep, double loss, double learningRate) {
        super(List.of("learningRate"), "training loss became " + loss + " between steps " + firstStep + " and " + lastStep
                + " ({learningRate} " + learningRate + "): lower the learning rate or check the data for extreme values",
                null);
    }
}
