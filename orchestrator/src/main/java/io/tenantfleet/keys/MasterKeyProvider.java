package io.tenantfleet.keys;

import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.catalog.RegionCatalog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        return of(EnvironmentSecret.load(properties.masterKeyEnv(), "a master key", MIN_LENGTH, catalog,
                properties.dataDir().resolve(LOCAL_KEY_FILE)));
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
