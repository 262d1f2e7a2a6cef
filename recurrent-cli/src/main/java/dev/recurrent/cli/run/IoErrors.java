package dev.recurrent.cli.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Why a file operation failed, in words: the JDK's {@link FileSystemException}s carry only the path as
 * their message ({@code NoSuchFileException: /proc/x}), which says what but not why.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** {@code <file>: <reason>}, e.g. {@code /proc/x: no such file or folder}. */
    public static String describe(IOException e) {
        return describe(e, null);
    }

    /**
     * As {@link #describe(IOException)}, without the file when it is {@code subject}, which the message names
     * already: {@code cannot create the run directory runs/x: it exists and is not a folder}.
     */
    public static String describe(IOException e, Path subject) {
        if (e instanceof FileSystemException f && f.getFile() != null
                && (subject == null || !Path.of(f.getFile()).equals(subject))) {
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason(e);
        }
        return reason(e);
    }

    /**
     * Why {@link java.nio.file.Files#createDirectories} failed to make {@code dir}: as {@link #describe(IOException,
     * Path)}, except that a file already there is one that is not a folder.
     */
    static String whyNoFolder(IOException e, Path dir) {
        if (e instanceof FileAlreadyExistsException f && f.getFile() != null) {
            return (Path.of(f.getFile()).equals(dir) ? "it" : f.getFile()) + " exists and is not a folder";
        }
        return describe(e, dir);
    }

    /** The reason alone, e.g. {@code permission denied}. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();   // the C library's text, "Not a directory"
            return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
