package org.netgeom.bench;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J side of netgeom's CPU training benchmark (`bench/dl4j/run.sh`): the same MLP, Adam
 * (lr 1e-3), batch size and data shape as `netgeom bench train`. Weights U(-1/sqrt(fanIn),
 * 1/sqrt(fanIn)) like PyTorch's default (DL4J's UNIFORM); biases start at 0 (PyTorch: uniform).
 * Prints one JSON line per repetition. Not part of the default build: `mvn -Pdl4j`.
 *
 *   java ... Dl4jTrainBench MODEL BATCH STEPS REPETITIONS   e.g. 784-256-10 128 200 3
 */
public final class Dl4jTrainBench {
    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "784-256-10";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String[] parts = model.split("-");
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) widths[i] = Integer.parseInt(parts[i]);

        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.UNIFORM).list();
        for (int i = 0; i < widths.length - 2; i++) {
            layers.layer(new DenseLayer.Builder().nIn(widths[i]).nOut(widths[i + 1]).activation(Activation.RELU).build());
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(widths[widths.length - 2])
                .nOut(widths[widths.length - 1]).activation(Activation.SOFTMAX).build());
        MultiLayerConfiguration configuration = layers.build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();

        // Batches prepared up front, as netgeom's data sits on its backend before training.
        int classes = widths[widths.length - 1];
        List<DataSet> batches = new ArrayList<>();
        Nd4j.getRandom().setSeed(1);
        for (int b = 0; b < Math.min(steps, 64); b++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, widths[0]);
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
            for (int r = 0; r < batch; r++) y.putScalar(r, (r * 7 + b) % classes, 1f);
            batches.add(new DataSet(x, y));
        }
        for (int w = 0; w < 20; w++) network.fit(batches.get(w % batches.size()));
        for (int rep = 0; rep < repetitions; rep++) {
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) network.fit(batches.get(s % batches.size()));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("{\"framework\":\"dl4j\",\"model\":\"%s\",\"batch\":%d,\"steps\":%d,\"repetition\":%d,"
                    + "\"seconds\":%.4f,\"samples_per_second\":%.1f}%n", model, batch, steps, rep, seconds, steps * batch / seconds);
        }
    }
}
