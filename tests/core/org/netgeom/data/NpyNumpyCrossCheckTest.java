package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;

/** Files written by numpy.save are read here, and files written here are loaded by numpy. */
class NpyNumpyCrossCheckTest {
    @TempDir Path folder;

    @BeforeEach
    void requireNumpy() { Python.assumeNumpy(); }

    /** Element i of the arrays both sides generate: (i - 5) * 0.375, exact in float32. */
    private static double value(int i) { return (i - 5) * 0.375; }

    @Test
    void readsWhatNumpyWrites() {
        Python.run("""
                import numpy as np
                from numpy.lib import format as fmt
                v = lambda n: (np.arange(n) - 5) * 0.375
                np.save('f4.npy', v(12).astype('<f4').reshape(3, 4))
                np.save('f8.npy', v(24).astype('<f8').reshape(2, 3, 4))
                np.save('i4.npy', np.arange(7, dtype='<i4') * -3)
                np.save('i8.npy', np.arange(5, dtype='<i8') * 1000000007)
                np.save('u1.npy', np.arange(250, 256, dtype='u1'))
                np.save('i1.npy', np.array([-128, -1, 0, 127], dtype='i1'))
                np.save('b1.npy', np.array([True, False, True]))
                np.save('scalar.npy', np.float32(2.5))
                for version in [(2, 0), (3, 0)]:
                    with open('v%d.npy' % version[0], 'wb') as f:
                        fmt.write_array(f, v(6).astype('<f4'), version=version)
                np.save('fortran.npy', np.asfortranarray(v(6).astype('<f4').reshape(2, 3)))
                np.save('big.npy', v(4).astype('>f4'))
                """, folder);
        NpyArray f4 = Npy.read(folder.resolve("f4.npy"));
        assertArrayEquals(new long[] {3, 4}, f4.shape());
        for (int i = 0; i < 12; i++) assertEquals(value(i), f4.floats()[i]);
        NpyArray f8 = Npy.read(folder.resolve("f8.npy"));
        assertArrayEquals(new long[] {2, 3, 4}, f8.shape());
        for (int i = 0; i < 24; i++) assertEquals(value(i), f8.doubles()[i]);
        NpyArray i4 = Npy.read(folder.resolve("i4.npy"));
        for (int i = 0; i < 7; i++) assertEquals((double) (-3 * i), i4.doubles()[i]);
        NpyArray i8 = Npy.read(folder.resolve("i8.npy"));
        for (int i = 0; i < 5; i++) assertEquals(1000000007.0 * i, i8.doubles()[i]);
        assertArrayEquals(new float[] {250, 251, 252, 253, 254, 255}, Npy.read(folder.resolve("u1.npy")).floats());
        assertArrayEquals(new float[] {-128, -1, 0, 127}, Npy.read(folder.resolve("i1.npy")).floats());
        assertArrayEquals(new float[] {1, 0, 1}, Npy.read(folder.resolve("b1.npy")).floats());
        NpyArray scalar = Npy.read(folder.resolve("scalar.npy"));
        assertEquals(0, scalar.rank());
        assertArrayEquals(new float[] {2.5f}, scalar.floats());
        for (String version : new String[] {"v2.npy", "v3.npy"}) {
            NpyArray array = Npy.read(folder.resolve(version));
            for (int i = 0; i < 6; i++) assertEquals(value(i), array.floats()[i], version);
        }
        assertThrows(InvalidInputException.class, () -> Npy.read(folder.resolve("fortran.npy")));
        assertThrows(InvalidInputException.class, () -> Npy.read(folder.resolve("big.npy")));
    }

    @Test
    void numpyLoadsWhatWeWriteAndWritesTheSameBytes() {
        float[] floats = new float[12];
        double[] doubles = new double[24];
        int[] ints = new int[7];
        for (int i = 0; i < floats.length; i++) floats[i] = (float) value(i);
        for (int i = 0; i < doubles.length; i++) doubles[i] = value(i) / 3;
        for (int i = 0; i < ints.length; i++) ints[i] = -3 * i;
        Npy.write(folder.resolve("f4.npy"), new long[] {3, 4}, floats);
        Npy.write(folder.resolve("f8.npy"), new long[] {2, 3, 4}, doubles);
        Npy.writeInt32(folder.resolve("i4.npy"), new long[] {7}, ints);
        Npy.write(folder.resolve("scalar.npy"), new long[] {}, new double[] {2.5});
        String output = Python.run("""
                import io
                import numpy as np
                v = lambda n: (np.arange(n) - 5) * 0.375
                expected = {'f4.npy': v(12).astype('<f4').reshape(3, 4),
                            'f8.npy': (v(24) / 3).reshape(2, 3, 4),
                            'i4.npy': (np.arange(7) * -3).astype('<i4'),
                            'scalar.npy': np.array(2.5)}
                for name, want in expected.items():
                    got = np.load(name)
                    assert got.dtype == want.dtype and got.shape == want.shape, (name, got.dtype, got.shape)
                    assert np.array_equal(got, want), name
                    buffer = io.BytesIO()
                    np.save(buffer, want)
                    assert open(name, 'rb').read() == buffer.getvalue(), name + ' differs from numpy.save'
                print('checked', len(expected))
                """, folder);
        assertTrue(output.contains("checked 4"), output);
    }
}
