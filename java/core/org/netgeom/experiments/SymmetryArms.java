package org.netgeom.experiments;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.data.InputExpansion;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;

/**
 * The arms of the symmetry study (docs/methods/symmetry.md, Symmetry study): per task and
 * architecture, a baseline and arms that differ from it in one symmetry breaker or one control.
 * Every expansion comes with its controls (spec section 2a): the same shape with c = 0, and
 * nearest and bilinear upsampling to the same NK x NK size with no constants.
 */
public final class SymmetryArms {
    /** One arm: task, architecture ("mlp", "cnn" or a named network), name, model, input expansion, loss. */
    public record Arm(String task, String architecture, String name, ModelSpec model, InputExpansion expansion, Loss loss) {}

    /**
     * The small CNN of the study ("cnn"), the one docs/BENCHMARKS.md times: a 3x3 convolution, 2x2
     * max pooling and a linear head. Its head has four times the weights at 56 x 56 as at 28 x 28,
     * so only the arms of one shape (expansion, c = 0, upsampling) differ in one thing. A version
     * with global average pooling and three convolutions (the same weights at both sizes, as
     * ResNet-18) cost 68 times the multiply-adds per image and reached 35% in the budget a CPU
     * affords (3000 images, 2 epochs).
     */
    public static final String SMALL_CNN = "conv:16k3p1,relu,maxpool:2,flatten,linear:10";

    public static final String MLP = "mlp";
    public static final String CNN = "cnn";

    private SymmetryArms() {}

    /**
     * The Fashion-MNIST arms of one architecture: "mlp" (one hidden layer of {@code width}), "cnn"
     * ({@code cnnModel}) or a named network (resnet18, resnet18:w0.5, resnet20, lenet5, allcnn).
     */
    public static List<Arm> fashion(String architecture, int width, String cnnModel) {
        String key = architecture.trim().toLowerCase(java.util.Locale.ROOT);
        if (key.equals(MLP)) return fashionMlp(width);
        if (key.equals(CNN)) return fashionNetwork(CNN, cnnModel);
        String base = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
        if (Network.NAMED.contains(base)) return fashionNetwork(key, key);
        throw InvalidInputException.forField("architectures", "unknown architecture '" + architecture + "' in {architectures}: use mlp, "
                + "cnn (the layer list of the CNN option) or a named network (" + String.join(", ", Network.NAMED) + ")");
    }

    /**
     * Ten MLP arms, enough for a ranking claim: baseline; expansion K = 2 with c = 0.5 and with
     * c = 0; nearest and bilinear upsampling by 2; K = 3 with c = 0.5 and c = 0; dropout 0.2;
     * batch norm; K = 2 with batch norm.
     */
    public static List<Arm> fashionMlp(int width) {
        return List.of(
                mlp("baseline", 784, width, MlpOptions.none(), InputExpansion.none()),
                mlp("expand K=2", 3136, width, MlpOptions.none(), new InputExpansion(2, 0.5f, 0)),
                mlp("expand K=2 c=0", 3136, width, MlpOptions.none(), new InputExpansion(2, 0f, 0)),
                mlp("upsample K=2 nearest", 3136, width, MlpOptions.none(), InputExpansion.upsampling(2, InputExpansion.Fill.NEAREST)),
                mlp("upsample K=2 bilinear", 3136, width, MlpOptions.none(), InputExpansion.upsampling(2, InputExpansion.Fill.BILINEAR)),
                mlp("expand K=3", 7056, width, MlpOptions.none(), new InputExpansion(3, 0.5f, 0)),
                mlp("expand K=3 c=0", 7056, width, MlpOptions.none(), new InputExpansion(3, 0f, 0)),
                mlp("dropout 0.2", 784, width, new MlpOptions(0.2f, false), InputExpansion.none()),
                mlp("batch norm", 784, width, new MlpOptions(0f, true), InputExpansion.none()),
                mlp("expand K=2 + batch norm", 3136, width, new MlpOptions(0f, true), new InputExpansion(2, 0.5f, 0)));
    }

    /**
     * The paper's setting: a convolutional network ({@code spec}, input shape from the data: 1 x 28
     * x 28 or 1 x 56 x 56) on the image, expanded with c = 0.5 and c = 0, and upsampled.
     */
    public static List<Arm> fashionNetwork(String architecture, String spec) {
        List<Arm> arms = new ArrayList<>();
        ModelSpec model = new ModelSpec.NetworkSpec(spec, null);
        arms.add(new Arm("fashion-mnist", architecture, "baseline", model, InputExpansion.none(), Loss.CROSS_ENTROPY));
        arms.add(new Arm("fashion-mnist", architecture, "expand K=2", model, new InputExpansion(2, 0.5f, 0), Loss.CROSS_ENTROPY));
        arms.add(new Arm("fashion-mnist", architecture, "expand K=2 c=0", model, new InputExpansion(2, 0f, 0), Loss.CROSS_ENTROPY));
        arms.add(new Arm("fashion-mnist", architecture, "upsample K=2 nearest", model,
                InputExpansion.upsampling(2, InputExpansion.Fill.NEAREST), Loss.CROSS_ENTROPY));
        arms.add(new Arm("fashion-mnist", architecture, "upsample K=2 bilinear", model,
                InputExpansion.upsampling(2, InputExpansion.Fill.BILINEAR), Loss.CROSS_ENTROPY));
        return arms;
    }

    /**
     * Heat-equation arms, MLP (2 + m)-w-w-1 with tanh: m = 0, 1, 4, 16 constant dimensions c = 0.5,
     * and m = 16 with c = 0 (the same shape without the constant drive).
     */
    public static List<Arm> heat(int width) {
        List<Arm> arms = new ArrayList<>();
        for (int m : new int[] {0, 1, 4, 16}) arms.add(heatArm(m == 0 ? "baseline" : "m=" + m, m, width, 0.5f));
        arms.add(heatArm("m=16 c=0", 16, width, 0f));
        return arms;
    }

    private static Arm heatArm(String name, int m, int width, float value) {
        return new Arm("heat", MLP, name, new ModelSpec.MlpSpec(Architecture.of(2 + m, width, width, 1), List.of(Activation.TANH),
                Initialization.PYTORCH, MlpOptions.none()), new InputExpansion(1, value, m), Loss.SQUARED_ERROR);
    }

    private static Arm mlp(String name, int inputs, int width, MlpOptions options, InputExpansion expansion) {
        return new Arm("fashion-mnist", MLP, name, new ModelSpec.MlpSpec(Architecture.of(inputs, width, 10), List.of(Activation.RELU),
                Initialization.PYTORCH, options), expansion, Loss.CROSS_ENTROPY);
    }
}
