package org.netgeom.data;

/**
 * Upsampling of one square image channel by an integer factor K, the controls of the expansion
 * study (docs/methods/symmetry.md, Symmetry study): the same NK x NK size as input expansion,
 * with every pixel derived from the image and none held constant. Both follow PyTorch's
 * {@code F.interpolate(x, scale_factor=K, mode=...)} so the arms match a PyTorch run.
 */
final class ImageUpsampling {
    private ImageUpsampling() {}

    /** out[y, x] = in[y / K, x / K] (PyTorch's mode="nearest"). */
    static void nearest(float[] source, int sourceOffset, int side, int factor, float[] target, int targetOffset) {
        int wide = side * factor;
        for (int y = 0; y < wide; y++) {
            int row = sourceOffset + (y / factor) * side;
            for (int x = 0; x < wide; x++) target[targetOffset + y * wide + x] = source[row + x / factor];
        }
    }

    /**
     * PyTorch's mode="bilinear" with align_corners=False: target pixel centre (y + 0.5) / K - 0.5 in
     * source coordinates, clamped at 0, interpolated between the two neighbours on each axis (the
     * upper one clamped at the last row or column), so edges repeat the border pixels.
     */
    static void bilinear(float[] source, int sourceOffset, int side, int factor, float[] target, int targetOffset) {
        int wide = side * factor;
        int[] low = new int[wide], high = new int[wide];
        float[] weight = new float[wide];
        for (int t = 0; t < wide; t++) {
            double position = Math.max(0, (t + 0.5) / factor - 0.5);
            low[t] = Math.min((int) position, side - 1);
            high[t] = Math.min(low[t] + 1, side - 1);
            weight[t] = (float) (position - low[t]);
        }
        for (int y = 0; y < wide; y++) {
            int top = sourceOffset + low[y] * side, bottom = sourceOffset + high[y] * side;
            float wy = weight[y];
            for (int x = 0; x < wide; x++) {
                float wx = weight[x];
                float upper = (1 - wx) * source[top + low[x]] + wx * source[top + high[x]];
                float lower = (1 - wx) * source[bottom + low[x]] + wx * source[bottom + high[x]];
                target[targetOffset + y * wide + x] = (1 - wy) * upper + wy * lower;
            }
        }
    }
}
