package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

/** A new file only its owner can read or write (0600), for a secret; an existing file is never overwritten. */
final class SecretFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    private SecretFile(Path path) {
        this.path = path;
    }

    /** Refuses, before anything runs, a path that exists or whose directory does not. */
    static void checkNew(Path path) {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "--out " + path + " already exists; refusing to "
                    + "overwrite it: name a new file, or move the old one away first");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "--out " + path + ": directory " + parent
                    + " does not exist; create it (mode 0700) or name a file in an existing directory");
        }
    }

    /** Creates the empty file with owner-only permissions; fails if it exists by now. */
    static SecretFile create(Path path) {
        checkNew(path);
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(path, OWNER_ONLY);
            return new SecretFile(path);
        } catch (FileAlreadyExistsException e) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "--out " + path + " already exists; refusing to "
                    + "overwrite it: name a new file", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "--out " + path + ": cannot create an owner-only "
                    + "file there (" + e.getMessage() + "); name a file on a POSIX file system you can write", e);
        }
    }

    /** Writes the content {@code content} prints, so that a secret need not become a String. */
    void write(Consumer<PrintWriter> content) {
        try (Writer file = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); PrintWriter writer = new PrintWriter(file)) {
            content.accept(writer);
            writer.flush();
            if (writer.checkError()) {
                throw new IOException("write failed");
            }
        } catch (IOException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot write " + path + ": " + e.getMessage()
                    + "; the login was issued but its password is lost: revoke it and issue another", e);
        }
    }

    /** Removes the file created for a secret that never came. */
    void discard() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // an empty file is left behind; it holds nothing
        }
    }
}
