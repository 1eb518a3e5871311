package org.netgeom.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.io.AtomicFiles;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.RunSettings;
import org.netgeom.tensor.InvalidInputException;

class FigureFormatTest {

    @Test
    void aFigureIsNamedByItsFormatAndAFileTellsItsFormatByItsExtension() {
        assertEquals("twin_peaks.svg", FigureFormat.SVG.fileName("twin_peaks"));
        assertEquals(List.of("loss.png", "loss.svg"), FigureFormat.fileNames("loss"));
        assertEquals(FigureFormat.SVG, FigureFormat.of(Path.of("out", "Summary.SVG")));
        assertEquals(FigureFormat.PNG, FigureFormat.parse(" PNG "));
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> FigureFormat.of(Path.of("loss.jpg")));
        assertTrue(unknown.getMessage().contains(".png or .svg"), unknown.getMessage());
        assertThrows(InvalidInputException.class, () -> FigureFormat.parse("pdf"));
    }

    @Test
    void removingTheOtherFormatsDeletesOnlyTheSameFiguresOtherCopiesInAHeldFolder(@TempDir Path parent) throws IOException {
        Path out = parent.resolve("sweep");
        List<String> names = List.of("summary.png", "summary.svg", "stress.png", "summary.csv");
        try (OutputFolder folder = OutputFolder.resuming(out, new RunSettings("sweep", Map.of()), names, false)) {
            for (String name : names) AtomicFiles.writeString(folder.path().resolve(name), name);
            FigureFormat.removeOtherFormats(folder.path().resolve("summary.svg"));
        }
        assertFalse(Files.exists(out.resolve("summary.png")));
        assertTrue(Files.exists(out.resolve("summary.svg")) && Files.exists(out.resolve("stress.png"))
                && Files.exists(out.resolve("summary.csv")));
    }

    @Test
    void outsideAFolderARunHoldsNoFigureIsDeleted(@TempDir Path folder) throws IOException {
        AtomicFiles.writeString(folder.resolve("loss.png"), "a library caller's own figure");
        FigureFormat.removeOtherFormats(folder.resolve("loss.svg"));
        assertTrue(Files.exists(folder.resolve("loss.png")));
    }
}
