-- Metadata of the login roles issued to tenants' applications (orchestrator credentials). The
-- login itself (role, SCRAM verifier) lives only in the tenant's home region; this table never
-- holds a password or a verifier: only who, which login, and when it was made, expires or ended.

CREATE TABLE tenant_credential (
    tenant_id    uuid        NOT NULL REFERENCES tenant (tenant_id),
    slug         text        NOT NULL,
    home_region  text        NOT NULL,
    login_name   text        NOT NULL CHECK (login_name ~ '^org_[a-z][a-z0-9_]{2,39}_login_[1-9][0-9]{0,8}$'),
    login_number integer     NOT NULL CHECK (login_number > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- set when a rotation gives the login a grace period; NULL: valid until revoked
    valid_until  timestamptz,
    revoked_at   timestamptz,
    -- why it ended: revoked by an operator, expired (dropped after its grace), missing (gone from the region)
    revoked_reason text      CHECK (revoked_reason IN ('revoked', 'expired', 'missing')),
    PRIMARY KEY (tenant_id, login_number),
    UNIQUE (login_name),
    CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
