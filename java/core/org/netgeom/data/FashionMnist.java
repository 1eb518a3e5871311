package org.netgeom.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netgeom.io.HeapBudget;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60000 training and 10000 test images of
 * 28 x 28 grey pixels in 10 classes, read from the four IDX files that the Debian package
 * dataset-fashion-mnist installs. Pixels become value / 255 in [0, 1], one image per row.
 * Each file may be gzip-compressed (the package's ".gz" names) or plain.
 */
public final class FashionMnist {
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final float PIXEL_SCALE = 255f;

    private FashionMnist() {}

    /** True when all four files are in {@code directory} (plain or .gz). */
    public static boolean isPresent(Path directory) { return missingFiles(directory).isEmpty(); }

    /** The full training and test sets from {@code directory}. */
    public static DataSplit load(Path directory) {
        List<String> missing = missingFiles(directory);
        if (!missing.isEmpty()) {
            throw InvalidInputException.forFields(List.of("directory", "data"), "Fashion-MNIST is not in " + directory
                    + " (missing " + String.join(", ", missing) + "): install it with `apt-get install dataset-fashion-mnist`"
                    + " (as root), point {directory} at a folder holding the four IDX files, or use {data} teacher:sign, which"
                    + " needs no download");
        }
        Dataset train = loadSplit(locate(directory, TRAIN_IMAGES), locate(directory, TRAIN_LABELS), "fashion-mnist train");
        Dataset test = loadSplit(locate(directory, TEST_IMAGES), locate(directory, TEST_LABELS), "fashion-mnist test");
        return new DataSplit(train, test);
    }

    /** One split from an images file (n x rows x cols) and a labels file (n). */
    public static Dataset loadSplit(Path imagesFile, Path labelsFile, String name) {
        Idx.IdxArray images = Idx.read(imagesFile, "pixels");
        if (images.dims().length != 3) {
            throw new InvalidInputException("IDX file " + imagesFile + " holds a " + images.shape()
                    + " array; images need 3 dimensions (images x rows x columns)");
        }
        Idx.IdxArray labels = Idx.read(labelsFile, "labels");
        if (labels.dims().length != 1) {
            throw new InvalidInputException("IDX file " + labelsFile + " holds a " + labels.shape()
                    + " array; labels need 1 dimension");
        }
        int count = images.dims()[0];
        if (labels.dims()[0] != count) {
            throw new InvalidInputException(imagesFile + " has " + count + " images but " + labelsFile + " has "
                    + labels.dims()[0] + " labels; use an images file and a labels file of the same split");
        }
        // The header's product was checked against the file, but with 0 images the side lengths are unchecked.
        long pixels = (long) images.dims()[1] * images.dims()[2];
        if (pixels > Integer.MAX_VALUE) {
            throw new InvalidInputException("IDX file " + imagesFile + " holds " + images.shape()
                    + " images, more pixels per image than netgeom handles; download it again");
        }
        HeapBudget.require(4L * images.values().length, "the " + images.shape() + " pixels of " + imagesFile + " as float32");
        float[] inputs = new float[images.values().length];
        for (int i = 0; i < inputs.length; i++) inputs[i] = images.unsigned(i) / PIXEL_SCALE;
        float[] targets = new float[count];
        for (int i = 0; i < count; i++) {
            int label = labels.unsigned(i);
            if (label >= CLASSES) {
                throw new InvalidInputException("IDX file " + labelsFile + ": label " + i + " is " + label
                        + ", outside the classes 0.." + (CLASSES - 1) + "; download the file again");
            }
            targets[i] = label;
        }
        return new Dataset(name, new Matrix(count, (int) pixels, inputs), new Matrix(count, 1, targets), CLASSES);
    }

    private static List<String> missingFiles(Path directory) {
        List<String> missing = new ArrayList<>();
        for (String base : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            if (locate(directory, base) == null) missing.add(base + "[.gz]");
        }
        return missing;
    }

    /** The plain file if present, else the .gz one, else null. */
    private static Path locate(Path directory, String baseName) {
        for (String name : List.of(baseName, baseName + ".gz")) {
            Path file = directory.resolve(name);
            if (Files.isRegularFile(file)) return file;
        }
        return null;
    }
}
