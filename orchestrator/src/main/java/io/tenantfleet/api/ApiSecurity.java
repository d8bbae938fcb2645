package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint needs HTTP Basic authentication against {@link ApiUsers}' hashes. Auditors may only
 * read: GET of tenants, runs, reports, the fleet view, drift, the API description, the dashboard, health and
 * metrics; everything else
 * (onboarding, rollouts, purges, holds, erasure, credentials) is for operators. No session, no cookie
 * (so no CSRF token); 401 and 403 are problem details like every other failure.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ApiSecurity {

    static final String OPERATOR = ApiUsers.Role.OPERATOR.name();
    static final String AUDITOR = ApiUsers.Role.AUDITOR.name();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/error").permitAll()
                .requestMatchers(HttpMethod.GET, "/api/tenants", "/api/tenants/*", "/api/rollouts/**", "/api/retention/**",
                        "/api/sync/**", "/api/fleet", "/api/residency/**", "/api/drift", "/api/provisioning/**", "/v3/api-docs",
                        "/v3/api-docs/**", "/", "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                .hasAnyRole(OPERATOR, AUDITOR)
                .anyRequest().hasRole(OPERATOR))
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"tenant-fleet\"");
                    write(response, HttpStatus.UNAUTHORIZED, "authentication required: send HTTP Basic credentials of a "
                            + "user listed in " + ApiUsers.VARIABLE);
                }))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> write(response,
                        HttpStatus.FORBIDDEN, "this call needs the operator role; auditors may only read reports, ledgers, "
                                + "run status and the fleet view")))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // no session cookie, so no CSRF token; requests a browser marks as cross-site are refused instead
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(new CrossSiteRequests(), BasicAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    UserDetailsService apiUsers(Environment environment) {
        ApiUsers users = ApiUsers.parse(environment.getProperty(ApiUsers.VARIABLE));
        return new InMemoryUserDetailsManager(users.users().stream().map(user -> User.withUsername(user.name())
                .password(user.hash()).roles(user.role().name()).build()).toList());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // the fields ProblemDetail's converter writes, error code inlined as in every other problem
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put(Problems.ERROR_CODE, ErrorCode.INVALID_INPUT.name());
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
