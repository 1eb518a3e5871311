package org.netgeom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.backend.cpu.CpuTestSupport.randomMatrix;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/** The float64 Cholesky solve and the Philox random fills. */
class CpuLinearAlgebraTest {

    /** A ridge-like system X^T X + lambda I, in float32 as the backend receives it. */
    private static Matrix ridgeSystem(Random random, int samples, int n, double lambda) {
        Matrix x = randomMatrix(random, samples, n);
        Matrix s = new Matrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = i == j ? lambda : 0;
                for (int k = 0; k < samples; k++) sum += (double) x.get(k, i) * x.get(k, j);
                s.set(i, j, (float) sum);
            }
        }
        return s;
    }

    private static DMatrixRMaj toEjml(Matrix m) {
        DMatrixRMaj d = new DMatrixRMaj(m.rows(), m.cols());
        for (int i = 0; i < m.size(); i++) d.data[i] = m.data()[i];
        return d;
    }

    @Test
    void choleskySolveMatchesEjmlFloat64AndLeavesTheFactor() {
        Random random = new Random(1);
        int n = 150, k = 3;
        Matrix s = ridgeSystem(random, 60, n, 0.1), r = randomMatrix(random, n, k);
        DMatrixRMaj expected = new DMatrixRMaj(n, k);
        assertTrue(CommonOps_DDRM.solveSPD(toEjml(s), toEjml(r), expected), "EJML solves the fixture");
        try (CpuBackend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix system = scope.upload(s), rhs = scope.upload(r);
            backend.choleskySolve(system, rhs);
            Matrix x = backend.download(rhs);
            double maxExpected = CommonOps_DDRM.elementMaxAbs(expected);
            for (int i = 0; i < n * k; i++) {
                assertEquals(expected.data[i], x.data()[i], 1e-5 * maxExpected, "solution element " + i);
            }
            // The contract: s is overwritten by its lower-triangular factor L with L L^T = s.
            DMatrixRMaj factor = toEjml(backend.download(system)), product = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(factor, factor, product);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (j > i) assertEquals(0.0, factor.get(i, j), "upper triangle of the factor");
                    assertEquals(s.get(i, j), product.get(i, j), 1e-5 * Math.abs(s.get(i, i)), "(L L^T)(" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void notPositiveDefiniteAsksForLargerRidgePenalty() {
        Matrix s = Matrix.of(new double[][] {{1, 2}, {2, 1}});
        try (CpuBackend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix system = scope.upload(s), rhs = scope.allocate(2, 1);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> backend.choleskySolve(system, rhs));
            assertTrue(e.getMessage().contains("positive definite") && e.getMessage().contains("lambda"), e.getMessage());
        }
    }

    @Test
    void randomFillsEqualPhiloxStreamsInViews() {
        try (CpuBackend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix base = scope.allocate(1, 40);
            DeviceMatrix uniform = backend.view(base, 3, 3, 5), normal = backend.view(base, 21, 2, 7);
            backend.fillUniform(uniform, 17, 4, -0.5f, 0.5f);
            backend.fillNormal(normal, 17, 5, 1f, 0.1f);
            Matrix all = backend.download(base);
            for (int i = 0; i < 15; i++) {
                assertEquals(Philox.uniform(17, 4, i, -0.5f, 0.5f), all.data()[3 + i], "uniform element " + i);
            }
            for (int i = 0; i < 14; i++) {
                assertEquals(Philox.normal(17, 5, i, 1f, 0.1f), all.data()[21 + i], "normal element " + i);
            }
            assertEquals(0f, all.data()[2], "before the uniform view");
            assertEquals(0f, all.data()[18], "between the views");
        }
    }
}
