package org.netgeom.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void removingTheOtherFormatsDeletesOnlyTheSameFiguresOtherCopies(@TempDir Path folder) throws IOException {
        for (String name : List.of("summary.png", "summary.svg", "stress.png", "summary.csv")) Files.writeString(folder.resolve(name), name);
        FigureFormat.removeOtherFormats(folder.resolve("summary.svg"));
        assertFalse(Files.exists(folder.resolve("summary.png")));
        assertTrue(Files.exists(folder.resolve("summary.svg")) && Files.exists(folder.resolve("stress.png"))
                && Files.exists(folder.resolve("summary.csv")));
    }
}
