package org.netgeom.tensor;

/**
 * Input a user can fix: a wrong shape, a corrupt file, an option out of range. The CLI maps it
 * to exit code 2 and prints only its message, so the message must say what is wrong and what to do.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) { super(message); }
    public InvalidInputException(String message, Throwable cause) { super(message, cause); }
}
