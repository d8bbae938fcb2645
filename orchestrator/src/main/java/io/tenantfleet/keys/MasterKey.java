package io.tenantfleet.keys;

/**
 * The envelope-encryption master key: wraps every tenant data key, is read from the environment,
 * and is never stored in a database. {@link #id()} is a fingerprint safe to store and log.
 */
public record MasterKey(String secret, String id) {

    @Override
    public String toString() {
        return "MasterKey[id=" + id + "]";
    }
}
