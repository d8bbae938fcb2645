package io.tenantfleet.keys;

import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.catalog.RegionCatalog;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The key of the pseudonyms that stand for tenants in synced metadata: HMAC-SHA-256 of the tenant
 * id under a secret from the environment variable {@value #VARIABLE} (on the local catalog only, a
 * key generated once into {@code <data-dir>/sync.key} stands in). Without the key nobody can tell
 * which tenant a pseudonym stands for, nor compute one; rotating it changes every pseudonym.
 */
@Component
public class PseudonymKey {

    public static final String VARIABLE = "TENANT_FLEET_SYNC_KEY";
    static final String LOCAL_KEY_FILE = "sync.key";

    private final OrchestratorProperties properties;
    private final RegionCatalog catalog;
    private volatile SecretKeySpec key;

    public PseudonymKey(OrchestratorProperties properties, RegionCatalog catalog) {
        this.properties = properties;
        this.catalog = catalog;
    }

    /** The tenant's pseudonym: 64 lower-case hex digits. */
    public String pseudonym(UUID tenantId) {
        return HexFormat.of().formatHex(mac("tenant:" + tenantId));
    }

    /** Identifies the key without revealing it (16 hex digits), for run records and ledger entries. */
    public String fingerprint() {
        return HexFormat.of().formatHex(mac("fingerprint"), 0, 8);
    }

    private byte[] mac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec loaded = key;
        if (loaded == null) {
            String text = EnvironmentSecret.load(VARIABLE, "a pseudonym key for the metadata sync",
                    MasterKeyProvider.MIN_LENGTH, catalog, properties.dataDir().resolve(LOCAL_KEY_FILE));
            loaded = new SecretKeySpec(text.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            key = loaded;
        }
        return loaded;
    }
}
