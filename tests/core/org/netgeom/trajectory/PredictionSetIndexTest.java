package org.netgeom.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.Npy;
import org.netgeom.tensor.InvalidInputException;

/** A prediction-set folder's index.csv names files inside the folder, and only those. */
class PredictionSetIndexTest {
    private static final float[] TWO_BY_THREE = {0.5f, 0.25f, 0.25f, 0, 0, 1};
    @TempDir Path root;
    private Path folder;

    @BeforeEach
    void collection() throws IOException {
        folder = Files.createDirectories(root.resolve("set/sub")).getParent();
        Npy.write(folder.resolve("a.npy"), new long[] {2, 3}, TWO_BY_THREE);
        Npy.write(folder.resolve("sub/b.npy"), new long[] {2, 3}, TWO_BY_THREE);
        Npy.write(root.resolve("outside.npy"), new long[] {2, 3}, TWO_BY_THREE);
    }

    private void index(String... files) throws IOException {
        StringBuilder text = new StringBuilder("file,config,seed,epoch,step\n");
        for (int i = 0; i < files.length; i++) text.append(files[i]).append(",run,1,0.5,").append(i).append('\n');
        Files.writeString(folder.resolve(PredictionSet.INDEX_FILE), text);
    }

    private InvalidInputException refused(String file) throws IOException {
        index("a.npy", file);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PredictionSet.read(folder, false, null));
        assertTrue(e.getMessage().contains("index.csv row 2: file '" + file + "'"), e.getMessage());
        return e;
    }

    @Test
    void filesInTheFolderAndItsSubfoldersAreRead() throws IOException {
        index("a.npy", "sub/b.npy", "./sub/b.npy");
        PredictionSet set = PredictionSet.read(folder, false, null);
        assertEquals(3, set.size());
        assertEquals(2, set.samples());
    }

    @Test
    void aParentFolderStepIsRefused() throws IOException {
        assertTrue(refused("../outside.npy").getMessage().contains("climbs out with '..'"));
        assertTrue(refused("sub/../../outside.npy").getMessage().contains("climbs out with '..'"));
    }

    @Test
    void anAbsolutePathIsRefused() throws IOException {
        assertTrue(refused("/etc/passwd").getMessage().contains("is an absolute path"));
        assertTrue(refused(root.resolve("outside.npy").toString()).getMessage().contains("is an absolute path"));
    }

    @Test
    void aLinkOutOfTheFolderIsRefused() throws IOException {
        Files.createSymbolicLink(folder.resolve("sub/link.npy"), root.resolve("outside.npy"));
        assertTrue(refused("sub/link.npy").getMessage().contains("links outside the folder"));
    }

    @Test
    void anEmptyOrInvalidNameIsRefused() throws IOException {
        assertTrue(refused("").getMessage().contains("is empty"));
        assertTrue(refused("a\u0000.npy").getMessage().contains("is not a valid file name"));
    }
}
