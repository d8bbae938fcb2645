package io.tenantfleet.keys;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.catalog.RegionCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Supplies the master key from the environment variable {@code orchestrator.master-key-env}. On the
 * local catalog only (every database embedded), a key generated once into
 * {@code <data-dir>/master.key} with owner-only permissions stands in when the variable is unset.
 */
@Component
public class MasterKeyProvider {

    static final int MIN_LENGTH = 32;
    static final String LOCAL_KEY_FILE = "master.key";

    private final OrchestratorProperties properties;
    private final RegionCatalog catalog;
    private volatile MasterKey cached;

    public MasterKeyProvider(OrchestratorProperties properties, RegionCatalog catalog) {
        this.properties = properties;
        this.catalog = catalog;
    }

    public MasterKey masterKey() {
        MasterKey key = cached;
        if (key == null) {
            key = load();
            cached = key;
        }
        return key;
    }

    private MasterKey load() {
        String variable = properties.masterKeyEnv();
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            if (value.length() < MIN_LENGTH) {
                throw new OrchestratorException(ErrorCode.MISSING_SECRET, "environment variable " + variable + " holds "
                        + value.length() + " characters; a master key needs at least " + MIN_LENGTH
                        + " (e.g. export " + variable + "=$(openssl rand -hex 32))");
            }
            return of(value);
        }
        if (!catalog.isAllEmbedded()) {
            throw new OrchestratorException(ErrorCode.MISSING_SECRET, "environment variable " + variable
                    + " is not set; catalog " + catalog.source() + " has non-embedded databases and needs a master key: export "
                    + variable + "=$(openssl rand -hex 32)");
        }
        return of(localKey(properties.dataDir().resolve(LOCAL_KEY_FILE)));
    }

    private static synchronized String localKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = HexFormat.of().formatHex(random);
            Path temp = Files.createTempFile(file.getParent(), "master", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot read or create the local master key "
                    + file + ": " + e.getMessage() + "; check the --data-dir permissions", e);
        }
    }

    private static MasterKey of(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return new MasterKey(secret, HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
