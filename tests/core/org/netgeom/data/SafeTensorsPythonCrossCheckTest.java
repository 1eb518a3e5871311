package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by Python are read here and files written here are read by Python: with the
 * safetensors package when it is installed, else with a numpy + json reading of the format.
 */
class SafeTensorsPythonCrossCheckTest {
    @TempDir Path folder;

    /** Python functions save(path, tensors, metadata) and load(path) -> (tensors, metadata). */
    private static final String FORMAT = """
            import json, struct
            import numpy as np
            try:
                import safetensors.numpy as stnp
                from safetensors import safe_open
                implementation = 'safetensors package'
                def save(path, tensors, metadata):
                    stnp.save_file(tensors, path, metadata=metadata)
                def load(path):
                    with safe_open(path, framework='np') as f:
                        return {k: f.get_tensor(k) for k in f.keys()}, f.metadata() or {}
            except ImportError:
                implementation = 'numpy + json'
                DTYPES = {'F32': '<f4', 'F64': '<f8', 'F16': '<f2'}
                def save(path, tensors, metadata):
                    header, chunks, offset = {'__metadata__': metadata}, [], 0
                    for name in sorted(tensors):
                        a = tensors[name]
                        kind = {v: k for k, v in DTYPES.items()}[a.dtype.str]
                        header[name] = {'dtype': kind, 'shape': list(a.shape),
                                        'data_offsets': [offset, offset + a.nbytes]}
                        chunks.append(a.tobytes())
                        offset += a.nbytes
                    text = json.dumps(header, separators=(',', ':')).encode()
                    text += b' ' * (-len(text) % 8)
                    with open(path, 'wb') as f:
                        f.write(struct.pack('<Q', len(text)) + text + b''.join(chunks))
                def load(path):
                    raw = open(path, 'rb').read()
                    (n,) = struct.unpack('<Q', raw[:8])
                    header = json.loads(raw[8:8 + n])
                    metadata = header.pop('__metadata__', {})
                    tensors = {}
                    for name, entry in header.items():
                        begin, end = entry['data_offsets']
                        data = np.frombuffer(raw[8 + n + begin:8 + n + end], dtype=DTYPES[entry['dtype']])
                        tensors[name] = data.reshape(entry['shape'])
                    return tensors, metadata
            print('using', implementation)
            """;

    @BeforeEach
    void requireNumpy() { Python.assumeNumpy(); }

    private static double value(int i) { return (i - 3) * 0.625; }

    @Test
    void readsWhatPythonWrites() {
        String output = Python.run(FORMAT + """
                v = lambda n: (np.arange(n) - 3) * 0.625
                save('py.safetensors', {'layers.0.weight': v(6).astype('<f4').reshape(2, 3),
                                        'layers.0.bias': v(4).astype('<f8'),
                                        'half': v(5).astype('<f2')}, {'origin': 'python', 'seed': '3'})
                """, folder);
        assertTrue(output.contains("using"), output);
        SafeTensorsFile read = SafeTensors.read(folder.resolve("py.safetensors"));
        assertEquals(Map.of("origin", "python", "seed", "3"), read.metadata());
        SafeTensor weight = read.tensor("layers.0.weight");
        assertEquals(SafeTensor.DType.F32, weight.dtype());
        assertArrayEquals(new long[] {2, 3}, weight.shape());
        for (int i = 0; i < 6; i++) assertEquals(value(i), weight.data()[i]);
        SafeTensor bias = read.tensor("layers.0.bias");
        assertEquals(SafeTensor.DType.F64, bias.dtype());
        for (int i = 0; i < 4; i++) assertEquals(value(i), bias.data()[i]);
        SafeTensor half = read.tensor("half");
        assertEquals(SafeTensor.DType.F16, half.dtype());
        for (int i = 0; i < 5; i++) assertEquals(value(i), half.data()[i], "exact in float16");
    }

    @Test
    void pythonReadsWhatWeWrite() {
        float[] weight = new float[6];
        for (int i = 0; i < 6; i++) weight[i] = (float) value(i);
        SafeTensors.write(folder.resolve("java.safetensors"), Map.of(
                "layers.0.weight", SafeTensor.f32(new long[] {2, 3}, weight),
                "layers.0.bias", SafeTensor.vector(0.5f, -0.25f).as(SafeTensor.DType.F64),
                "empty", SafeTensor.f32(new long[] {0, 4}, new float[0])), Map.of("origin", "java"));
        String output = Python.run(FORMAT + """
                tensors, metadata = load('java.safetensors')
                v = lambda n: (np.arange(n) - 3) * 0.625
                assert metadata == {'origin': 'java'}, metadata
                w = tensors['layers.0.weight']
                assert w.dtype == np.float32 and w.shape == (2, 3), (w.dtype, w.shape)
                assert np.array_equal(w, v(6).astype('<f4').reshape(2, 3)), w
                b = tensors['layers.0.bias']
                assert b.dtype == np.float64 and np.array_equal(b, [0.5, -0.25]), b
                assert tensors['empty'].shape == (0, 4)
                raw = open('java.safetensors', 'rb').read()
                assert struct.unpack('<Q', raw[:8])[0] % 8 == 0
                print('checked', len(tensors))
                """, folder);
        assertTrue(output.contains("checked 3"), output);
    }

    @Test
    void float32FilesMatchTheReferenceWriterByteForByte() {
        Assumptions.assumeTrue(Python.canImport("safetensors"), "the Python safetensors package is not installed,"
                + " so there is no reference writer to compare with (pip install safetensors)");
        SafeTensors.write(folder.resolve("java.safetensors"), Map.of(
                "b", SafeTensor.vector(0f, 1f, 2f),
                "a", SafeTensor.f32(new long[] {2, 2}, new float[] {1, 1, 1, 1})), Map.of("k", "v"));
        String output = Python.run("""
                import numpy as np
                import safetensors.numpy as stnp
                stnp.save_file({'b': np.arange(3, dtype='<f4'), 'a': np.ones((2, 2), dtype='<f4')},
                               'reference.safetensors', metadata={'k': 'v'})
                same = open('reference.safetensors', 'rb').read() == open('java.safetensors', 'rb').read()
                print('identical' if same else 'different')
                """, folder);
        assertTrue(output.contains("identical"), output);
    }
}
