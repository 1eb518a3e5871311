package org.netgeom.train;

import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;

/**
 * Data augmentation of training images, done on the backend each step
 * ({@link org.netgeom.tensor.ImageOps#cropFlip}): a random crop of the image padded by
 * {@code cropPadding} zeros on every side (0: no crop) and, if {@code horizontalFlip}, a mirror
 * image with probability 1/2, as torchvision's {@code RandomCrop(size, padding)} and
 * {@code RandomHorizontalFlip()}. Test data are never augmented.
 *
 * <p>The draws of epoch e come from Philox(seed, stream {@link TrainStreams#augmentation} = 2^43 + e) by position in
 * that epoch's shuffled order (three uniforms a position), so they depend on the seed and the
 * epoch only, never on the batch size or the thread count.
 */
public record Augmentation(int cropPadding, boolean horizontalFlip) {
    public Augmentation {
        if (cropPadding < 0 || cropPadding > 64) {
            throw InvalidInputException.forField("augment", "{augment} crop padding must be in [0, 64], got " + cropPadding);
        }
    }

    /** No augmentation. */
    public static Augmentation none() { return new Augmentation(0, false); }

    /** Whether this changes any image. */
    public boolean active() { return cropPadding > 0 || horizontalFlip; }

    /**
     * Parses {@code --augment}: {@code none}, or a comma-separated list of {@code crop:P} (random
     * crop after padding by P) and {@code flip} (horizontal flip), e.g. {@code crop:4,flip}.
     */
    public static Augmentation parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty() || trimmed.equals("none")) return none();
        int padding = 0;
        boolean flip = false, cropSeen = false;
        for (String item : trimmed.split(",")) {
            String part = item.trim();
            if (part.equals("flip")) {
                if (flip) throw InvalidInputException.forField("augment", "{augment} names flip twice: " + text);
                flip = true;
            } else if (part.startsWith("crop:")) {
                if (cropSeen) throw InvalidInputException.forField("augment", "{augment} names crop twice: " + text);
                cropSeen = true;
                try {
                    padding = Integer.parseInt(part.substring(5));
                } catch (NumberFormatException e) {
                    throw InvalidInputException.forField("augment", "{augment} crop:P needs a whole number of pixels P, got '" + part + "'");
                }
                if (padding < 1) throw InvalidInputException.forField("augment", "{augment} crop:P needs P >= 1, got " + padding);
            } else {
                throw InvalidInputException.forField("augment", "{augment}: unknown item '" + part
                        + "'; use none, or crop:P and/or flip, e.g. crop:4,flip");
            }
        }
        return new Augmentation(padding, flip);
    }

    /** The {@code --augment} text that parses to this. */
    public String label() {
        if (!active()) return "none";
        if (cropPadding == 0) return "flip";
        return "crop:" + cropPadding + (horizontalFlip ? ",flip" : "");
    }

    /**
     * The draws of one epoch, [n, 3]: row i (position i of the epoch's order) holds the crop
     * offsets (oy, ox) in [0, 2P] and the flip (0 or 1).
     */
    public Matrix draws(int n, long seed, int epoch) {
        float[] values = new float[n * 3];
        Philox.fillUniform(values, 0, values.length, seed, TrainStreams.augmentation(epoch), 0f, 1f);
        int span = 2 * cropPadding + 1;
        for (int i = 0; i < values.length; i += 3) {
            values[i] = pick(values[i], span);
            values[i + 1] = pick(values[i + 1], span);
            values[i + 2] = horizontalFlip && values[i + 2] < 0.5f ? 1f : 0f;
        }
        return new Matrix(n, 3, values);
    }

    private static float pick(float unit, int span) {
        return Math.min(span - 1, (int) (unit * span));
    }
}
