package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.api.ApiUsers;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** {@code serve} refuses to start without users; {@code serve hash-password} makes the hashes the variable takes. */
class ServeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void refusesToStartWithoutUsersNamingTheVariable() {
        assumeTrue(System.getenv(ApiUsers.VARIABLE) == null, ApiUsers.VARIABLE + " is set in this environment");
        int exit = Main.run(options -> {
            throw new AssertionError("no context may start");
        }, new PrintWriter(out), new PrintWriter(err), "serve", "--port", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("error: no API users: environment variable " + ApiUsers.VARIABLE + " is not set; set "
                        + ApiUsers.VARIABLE + "=")
                .contains("orchestrator serve hash-password");
    }

    @Test
    void hashesAPasswordFromStdinIntoAnEntryTheVariableAccepts() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("correct horse battery\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(Main.run(options -> null, new PrintWriter(out), new PrintWriter(err), "serve", "hash-password"))
                    .isZero();
        } finally {
            System.setIn(stdin);
        }
        String hash = out.toString().strip();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain("correct horse");
        assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches("correct horse battery", hash)).isTrue();
        assertThat(ApiUsers.parse("ops:operator:" + hash).users()).singleElement()
                .satisfies(user -> assertThat(user.role()).isEqualTo(ApiUsers.Role.OPERATOR));
    }

    @Test
    void refusesEntriesWithoutARoleOrAHash() {
        assertThatThrownBy(() -> ApiUsers.parse("ops:admin:{bcrypt}$2a$10$abcdefghijklmnopqrstuv"))
                .isInstanceOf(OrchestratorException.class).hasMessageContaining("role 'admin'; use operator or auditor");
        assertThatThrownBy(() -> ApiUsers.parse("ops:operator:plaintext-password"))
                .hasMessageContaining("no password-encoder hash");
        assertThatThrownBy(() -> ApiUsers.parse("ops:operator")).hasMessageContaining("entry 1 is not NAME:ROLE:HASH");
    }
}
