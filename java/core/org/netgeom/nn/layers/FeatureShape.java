package org.netgeom.nn.layers;

import java.util.List;
import org.netgeom.tensor.ImageShape;

/**
 * What flows between two layers for one sample: an image C x H x W (after convolutions and
 * pooling) or a flat vector of features (after {@code flatten}, as Linear needs).
 */
public record FeatureShape(int channels, int height, int width, boolean spatial) {

    public static FeatureShape of(ImageShape image) {
        return new FeatureShape(image.channels(), image.height(), image.width(), true);
    }

    public static FeatureShape image(int channels, int height, int width) {
        return new FeatureShape(channels, height, width, true);
    }

    public static FeatureShape flat(int features) { return new FeatureShape(features, 1, 1, false); }

    /** Values per sample. */
    public long size() { return (long) channels * height * width; }

    /** The shape without the batch dimension, as PyTorch prints it: [C, H, W] or [F]. */
    public List<Integer> dimensions() {
        return spatial ? List.of(channels, height, width) : List.of(channels);
    }

    @Override
    public String toString() { return spatial ? channels + "x" + height + "x" + width : Integer.toString(channels); }
}
