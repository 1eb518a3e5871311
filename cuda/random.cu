// Philox4x32-10 fills that reproduce org.netgeom.tensor.Philox bit for bit (see its comment):
// element i uses block i / 4 of stream (seed, stream), word i % 4. Uniform arithmetic is
// rounded step by step (__fmul_rn / __fadd_rn: no contraction into FMA, as in Java); normals use
// Box-Muller in float64 like the Java reference.
#include "netgeom.cuh"

extern "C" __global__ void philox_uniform(float* out, long long n, unsigned long long seed, unsigned long long stream,
                                          float low, float high) {
    long long blocks = (n + 3) / 4;
    float range = __fadd_rn(high, -low);
    NETGEOM_GRID_STRIDE(b, blocks) {
        uint32_t words[4];
        philox_block((unsigned long long)b, stream, seed, words);
        for (int lane = 0; lane < 4; lane++) {
            long long i = b * 4 + lane;
            if (i < n) {
                float u = (float)(words[lane] >> 8) * (1.0f / 16777216.0f);
                out[i] = __fadd_rn(low, __fmul_rn(range, u));
            }
        }
    }
}

extern "C" __global__ void philox_normal(float* out, long long n, unsigned long long seed, unsigned long long stream,
                                         float mean, float std) {
    long long blocks = (n + 3) / 4;
    NETGEOM_GRID_STRIDE(b, blocks) {
        uint32_t words[4];
        philox_block((unsigned long long)b, stream, seed, words);
        for (int pair = 0; pair < 4; pair += 2) {
            double u1 = ((double)(words[pair] >> 8) + 1.0) * (1.0 / 16777216.0);
            double u2 = (double)(words[pair + 1] >> 8) * (1.0 / 16777216.0);
            double radius = sqrt(-2.0 * log(u1));
            double angle = 2.0 * 3.14159265358979323846 * u2;
            float z[2] = {(float)(radius * cos(angle)), (float)(radius * sin(angle))};
            for (int k = 0; k < 2; k++) {
                long long i = b * 4 + pair + k;
                if (i < n) out[i] = __fadd_rn(mean, __fmul_rn(std, z[k]));
            }
        }
    }
}
