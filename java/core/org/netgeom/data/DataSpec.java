package org.netgeom.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.netgeom.tensor.InvalidInputException;

/**
 * Which data set to load: one of the named kinds of the CLI's --data option, or .npy files.
 * {@code npyFiles} is present exactly for {@link Kind#NPY}.
 */
public record DataSpec(Kind kind, NpyFiles npyFiles) {
    /** The fields of NpyFiles that messages about missing .npy files name. */
    private static final List<String> NPY_FIELDS = List.of("trainInputs", "trainLabels");

    /** The kinds of data set, by their --data names. */
    public enum Kind {
        FASHION_MNIST("fashion-mnist"), CIFAR10("cifar10"), TEACHER_LINEAR("teacher:linear"), TEACHER_SIGN("teacher:sign"),
        TEACHER_MLP("teacher:mlp"), NPY("npy");

        private final String cliName;

        Kind(String cliName) { this.cliName = cliName; }

        /** The --data spelling. */
        public String cliName() { return cliName; }

        /** The teacher function of a TEACHER_* kind, null for the others. */
        public Teacher.Kind teacher() {
            return switch (this) {
                case TEACHER_LINEAR -> Teacher.Kind.LINEAR;
                case TEACHER_SIGN -> Teacher.Kind.SIGN;
                case TEACHER_MLP -> Teacher.Kind.MLP;
                default -> null;
            };
        }
    }

    /**
     * .npy inputs (n x d, or n x ... flattened) and labels (n, or n x k for regression) for
     * training, and optionally for testing; without test files a seeded fraction of the
     * training files is held out (see {@link DataOptions#testFraction()}).
     */
    public record NpyFiles(Path trainInputs, Path trainLabels, Path testInputs, Path testLabels) {
        public NpyFiles {
            if (trainInputs == null || trainLabels == null) {
                throw InvalidInputException.forFields(NPY_FIELDS, ".npy data needs both an inputs file and a labels file"
                        + " ({trainInputs} X.npy, {trainLabels} y.npy)");
            }
            if ((testInputs == null) != (testLabels == null)) {
                throw InvalidInputException.forFields(List.of("testInputs", "testLabels"), "a .npy test set needs both its"
                        + " inputs file and its labels file ({testInputs}, {testLabels}), got only "
                        + (testInputs != null ? "the inputs " + testInputs : "the labels " + testLabels));
            }
        }

        public boolean hasTestSet() { return testInputs != null; }
    }

    public DataSpec {
        if (kind == null) throw InvalidInputException.forFields(NPY_FIELDS, "a data spec needs a kind: " + validNames());
        if ((kind == Kind.NPY) != (npyFiles != null)) {
            throw InvalidInputException.forFields(NPY_FIELDS, kind == Kind.NPY
                    ? ".npy data needs its files: give {trainInputs} X.npy and {trainLabels} y.npy"
                    : "data set " + kind.cliName() + " takes no .npy files; use npy data with {trainInputs} and {trainLabels}");
        }
    }

    /** Parses a --data value: fashion-mnist, cifar10, teacher:linear, teacher:sign or teacher:mlp (case-insensitive). */
    public static DataSpec parse(String text) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Kind kind : Kind.values()) {
            if (kind.cliName().equals(key)) return new DataSpec(kind, null);
        }
        throw InvalidInputException.forFields(NPY_FIELDS, "unknown data set '" + text + "': use " + validNames());
    }

    /** Fashion-MNIST (the IDX files; DataOptions.directory says where). */
    public static DataSpec fashionMnist() { return new DataSpec(Kind.FASHION_MNIST, null); }

    /** CIFAR-10's binary files (DataOptions.directory says where; see {@link Cifar10}). */
    public static DataSpec cifar10() { return new DataSpec(Kind.CIFAR10, null); }

    /** A synthetic teacher task of this kind (sizes, dimension and seed in DataOptions). */
    public static DataSpec teacher(Teacher.Kind teacher) {
        return new DataSpec(switch (teacher) {
            case LINEAR -> Kind.TEACHER_LINEAR;
            case SIGN -> Kind.TEACHER_SIGN;
            case MLP -> Kind.TEACHER_MLP;
        }, null);
    }

    /** .npy files for training, with a held-out fraction for testing. */
    public static DataSpec npy(Path inputs, Path labels) { return npy(new NpyFiles(inputs, labels, null, null)); }

    public static DataSpec npy(NpyFiles files) { return new DataSpec(Kind.NPY, files); }

    /** The --data spelling. */
    public String cliName() { return kind.cliName(); }

    static String validNames() {
        return Arrays.stream(Kind.values()).filter(k -> k != Kind.NPY).map(Kind::cliName)
                .collect(Collectors.joining(", ")) + ", or npy with {trainInputs} X.npy and {trainLabels} y.npy";
    }
}
