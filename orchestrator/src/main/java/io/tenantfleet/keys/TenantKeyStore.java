package io.tenantfleet.keys;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The per-tenant data keys of a region ({@code fleet.tenant_keys}): created at random, wrapped with
 * AES-256-GCM under the master key in this process, and stored only wrapped. The tenant id is the
 * GCM associated data, so a wrapped key copied to another tenant's row does not unwrap.
 */
@Component
public class TenantKeyStore {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKeyProvider masterKeys;
    private final SecureRandom random = new SecureRandom();

    public TenantKeyStore(MasterKeyProvider masterKeys) {
        this.masterKeys = masterKeys;
    }

    /** Creates and stores the tenant's data key; returns the master key id that wrapped it. */
    public String create(Connection connection, UUID tenantId, String slug) throws SQLException {
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        MasterKey master = masterKeys.masterKey();
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO fleet.tenant_keys (tenant_id, tenant_slug, wrapped_key, master_key_id) VALUES (?, ?, ?, ?)")) {
            statement.setObject(1, tenantId);
            statement.setString(2, slug);
            statement.setBytes(3, wrap(master, tenantId, dataKey));
            statement.setString(4, master.id());
            statement.executeUpdate();
        }
        return master.id();
    }

    /**
     * The tenant's data key as the hex text that sessions place in {@code app.data_key} for the
     * tenant schema's {@code pii_encrypt}/{@code pii_decrypt}.
     */
    public String unwrap(Connection connection, UUID tenantId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT wrapped_key, master_key_id FROM fleet.tenant_keys WHERE tenant_id = ?")) {
            statement.setObject(1, tenantId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "no data key stored for tenant " + tenantId);
                }
                MasterKey master = masterKeys.masterKey();
                if (!master.id().equals(rs.getString(2))) {
                    throw new OrchestratorException(ErrorCode.MISSING_SECRET, "tenant " + tenantId + " key was wrapped by master key "
                            + rs.getString(2) + " but the environment holds " + master.id() + "; set the master key it was made with");
                }
                return HexFormat.of().formatHex(unwrap(master, tenantId, rs.getBytes(1)));
            }
        }
    }

    /**
     * Seals a short value that must wait in the control plane (a display name of a bulk run not yet
     * built) under the master key; {@code context} (e.g. run and line) is bound to it, so it opens
     * only there.
     */
    public byte[] seal(String value, String context) {
        return wrap(masterKeys.masterKey(), context, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value {@link #seal} sealed with the same context. */
    public String open(byte[] sealed, String context) {
        return new String(unwrap(masterKeys.masterKey(), context, sealed), StandardCharsets.UTF_8);
    }

    private byte[] wrap(MasterKey master, UUID tenantId, byte[] dataKey) {
        return wrap(master, tenantId.toString(), dataKey);
    }

    private byte[] wrap(MasterKey master, String context, byte[] plain) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, master, context, iv, plain);
        return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
    }

    private static byte[] unwrap(MasterKey master, UUID tenantId, byte[] wrapped) {
        return unwrap(master, tenantId.toString(), wrapped);
    }

    private static byte[] unwrap(MasterKey master, String context, byte[] wrapped) {
        byte[] iv = java.util.Arrays.copyOf(wrapped, IV_BYTES);
        byte[] sealed = java.util.Arrays.copyOfRange(wrapped, IV_BYTES, wrapped.length);
        return crypt(Cipher.DECRYPT_MODE, master, context, iv, sealed);
    }

    private static byte[] crypt(int mode, MasterKey master, String context, byte[] iv, byte[] input) {
        try {
            byte[] keyBytes = MessageDigest.getInstance("SHA-256").digest(master.secret().getBytes(StandardCharsets.UTF_8));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "key or value sealed for " + context
                    + " cannot be unwrapped with this master key (tampered or wrong key): " + e.getMessage(), e);
        }
    }
}
