package org.netgeom.tensor;

import java.util.Locale;

/**
 * The shape of one input image, channels x height x width, as PyTorch orders a batch
 * [N, C, H, W] (row-major, so a sample's C*H*W values lie contiguous with width fastest).
 */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new InvalidInputException("an image shape needs channels, height and width >= 1, got "
                    + channels + "x" + height + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new InvalidInputException("an image of " + channels + "x" + height + "x" + width
                    + " has more than 2^31 - 1 values");
        }
    }

    /** Parses "CxHxW", e.g. "1x28x28" or "3x32x32". */
    public static ImageShape parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
        if (parts.length != 3) {
            throw new InvalidInputException("image shape '" + text + "' should be CxHxW, e.g. 1x28x28 or 3x32x32");
        }
        try {
            return new ImageShape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("image shape '" + text + "' should be three integers CxHxW, e.g. 1x28x28");
        }
    }

    /** Values per image, C * H * W. */
    public int size() { return channels * height * width; }

    @Override
    public String toString() { return channels + "x" + height + "x" + width; }
}
