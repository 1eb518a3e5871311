package org.netgeom.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.Dataset;
import org.netgeom.data.Teacher;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.MemoryScope;

class EvaluatorTest {
    @Test
    void evaluatingAHostDataSetGivesWhatUploadingItByHandGives() {
        Dataset test = DataSets.load(DataSpec.teacher(Teacher.Kind.SIGN), DataOptions.defaults().withInputDim(8).withTrainSize(50)
                .withTestSize(300)).test();
        try (CpuBackend backend = new CpuBackend(1);
             Mlp mlp = new Mlp(backend, Architecture.of(8, 6, 2), Activation.RELU).initialize(Initialization.PYTORCH, 4);
             MemoryScope scope = new MemoryScope(backend)) {
            ResidentData resident = ResidentData.upload(scope, test, Loss.CROSS_ENTROPY, 2);
            Evaluator.Evaluation byHand = Evaluator.evaluate(mlp, Loss.CROSS_ENTROPY, resident.inputs(), resident.targets(), 64);
            Evaluator.Evaluation convenient = Evaluator.evaluate(mlp, Loss.CROSS_ENTROPY, test);
            assertEquals(byHand.rows(), convenient.rows());
            assertEquals(300, convenient.rows());
            assertEquals(byHand.accuracy(), convenient.accuracy(), 0.0);
            assertEquals(byHand.loss(), convenient.loss(), 1e-6 * Math.abs(byHand.loss()), "sums in other batches");
            assertTrue(convenient.loss() > 0);
        }
    }
}
