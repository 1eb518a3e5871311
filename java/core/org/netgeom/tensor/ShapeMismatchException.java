package org.netgeom.tensor;

/** Two shapes that had to agree did not; the message names both. */
public class ShapeMismatchException extends InvalidInputException {
    public ShapeMismatchException(String message) { super(message); }
}
