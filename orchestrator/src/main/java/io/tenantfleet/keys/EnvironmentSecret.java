package io.tenantfleet.keys;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A secret read from an environment variable. On the local catalog only (every database embedded),
 * a secret generated once into a file under the data directory, readable by its owner only, stands
 * in when the variable is unset; any other catalog needs the variable.
 */
final class EnvironmentSecret {

    private EnvironmentSecret() {
    }

    /**
     * @param variable  the environment variable
     * @param what      what the secret is, for messages: {@code a master key}
     * @param minLength the fewest characters accepted
     */
    static String load(String variable, String what, int minLength, RegionCatalog catalog, Path localFile) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            if (value.length() < minLength) {
                throw new OrchestratorException(ErrorCode.MISSING_SECRET, "environment variable " + variable + " holds "
                        + value.length() + " characters; " + what + " needs at least " + minLength
                        + " (e.g. export " + variable + "=$(openssl rand -hex 32))");
            }
            return value;
        }
        if (!catalog.isAllEmbedded()) {
            throw new OrchestratorException(ErrorCode.MISSING_SECRET, "environment variable " + variable
                    + " is not set; catalog " + catalog.source() + " has non-embedded databases and needs " + what
                    + ": export " + variable + "=$(openssl rand -hex 32)");
        }
        return localSecret(localFile);
    }

    private static synchronized String localSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = HexFormat.of().formatHex(random);
            Path temp = Files.createTempFile(file.getParent(), "secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot read or create the local secret "
                    + file + ": " + e.getMessage() + "; check the --data-dir permissions", e);
        }
    }
}
