package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.api.ApiUsers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code serve hash-password}: the hash of a password read on stdin, for {@link ApiUsers#VARIABLE}. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Reads a password on stdin (one line; not an argument, which 'ps' would show) and prints its",
                "{bcrypt} hash for " + ApiUsers.VARIABLE + ", e.g.",
                "  export " + ApiUsers.VARIABLE + "=\"ops:operator:$(openssl rand -base64 24 | tee ops.pw | orchestrator serve hash-password)\""})
final class HashPasswordCommand implements Callable<Integer> {

    private static final int MIN_LENGTH = 12;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.strip().length() < MIN_LENGTH) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "no password of at least " + MIN_LENGTH
                    + " characters on stdin; e.g. openssl rand -base64 24 | orchestrator serve hash-password");
        }
        spec.commandLine().getOut().println(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password.strip()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
