package org.netgeom.trajectory;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netgeom.data.Npy;
import org.netgeom.fuzz.ParserProperty;
import org.netgeom.io.CsvTable;

/**
 * A prediction-set folder's index.csv may come from a colleague's archive: whatever it says,
 * it parses or is refused, and it never reads a file outside its folder. The folder holds
 * 2 x 3 predictions; next to it lies a 5 x 7 file that no accepted index may reach.
 */
class PredictionSetFuzzTest {
    private static final Path ROOT = fixture();
    private static final Path FOLDER = ROOT.resolve("set");
    private static final Path INDEX = FOLDER.resolve(PredictionSet.INDEX_FILE);

    /** Each index row reads a small .npy file; rows cost a few kilobytes each, and a row may be 2 bytes. */
    @FuzzTest
    void indexTextReadsInsideItsFolderOrIsRefused(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ParserProperty.parsesOrRefuses(input.length, 4096, () -> {
            PredictionSet set = PredictionSet.readCollection(FOLDER, CsvTable.parse(text, INDEX.toString()), INDEX, false);
            if (set.samples() != 2) throw new AssertionError("read a file outside " + FOLDER + " from:\n" + text);
        });
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    private static Path fixture() {
        try {
            Path root = Files.createTempDirectory("netgeom-index-fuzz");
            Path folder = Files.createDirectories(root.resolve("set/sub"));
            float[] twoByThree = {0.5f, 0.25f, 0.25f, 0, 0, 1};
            Npy.write(root.resolve("set/a.npy"), new long[] {2, 3}, twoByThree);
            Npy.write(root.resolve("set/sub/b.npy"), new long[] {2, 3}, twoByThree);
            Npy.writeInt32(root.resolve("set").resolve(PredictionSet.LABELS_FILE), new long[] {2}, new int[] {0, 2});
            float[] fiveBySeven = new float[35];
            for (int s = 0; s < 5; s++) fiveBySeven[7 * s] = 1;
            Npy.write(root.resolve("outside.npy"), new long[] {5, 7}, fiveBySeven);
            Files.createSymbolicLink(folder.resolve("link.npy"), root.resolve("outside.npy"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
