package io.tenantfleet.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Catalog URLs: where the server is, never how to secure or authenticate the connection. */
class JdbcUrlTest {

    private final CatalogLoader loader = new CatalogLoader();

    private static String prodRegion(String url) {
        return """
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    tier: prod
                    database:
                      url: '%s'
                      user: fleet
                      password: ${EU_PASSWORD}
                      tls: {mode: verify-full}
                control_plane:
                  database:
                    url: jdbc:postgresql://control.example.com:5432/control
                    user: control
                """.formatted(url);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sslmode=disable                     | sslmode                         | tls.mode",
            "SSLMODE=disable                     | SSLMODE                         | tls.mode",
            "ssl=false                           | ssl                             | tls.mode",
            "ssl%6Dode=disable                   | ssl%6Dode                       | tls.mode",
            "%73%73%6c%6d%6f%64%65=disable       | %73%73%6c%6d%6f%64%65           | tls.mode",
            "sslrootcert=/tmp/evil.pem           | sslrootcert                     | tls.root_cert",
            "sslfactory=org.postgresql.ssl.NonValidatingFactory | sslfactory       | tls.mode and tls.root_cert",
            "sslhostnameverifier=x.Y             | sslhostnameverifier             | tls.mode and tls.root_cert",
            "sslpasswordcallback=x.Y             | sslpasswordcallback             | tls.mode and tls.root_cert",
            "sslkey=/etc/shadow                  | sslkey                          | tls.mode and tls.root_cert",
            "sslcert=/tmp/c.pem                  | sslcert                         | tls.mode and tls.root_cert",
            "sslNegotiation=direct               | sslNegotiation                  | tls.mode and tls.root_cert",
            "socketFactory=x.Y                   | socketFactory                   | remove it; a catalog URL may carry only",
            "socketFactoryArg=z                  | socketFactoryArg                | remove it; a catalog URL may carry only",
            "authenticationPluginClassName=x.Y   | authenticationPluginClassName   | user and password: ${ENV_VARIABLE}",
            "gssEncMode=disable                  | gssEncMode                      | user and password: ${ENV_VARIABLE}",
            "channelBinding=disable              | channelBinding                  | user and password: ${ENV_VARIABLE}",
            "loggerFile=/tmp/x.log               | loggerFile                      | remove it; a catalog URL may carry only",
            "loggerLevel=TRACE                   | loggerLevel                     | remove it; a catalog URL may carry only",
            "user=postgres                       | user                            | set user: under database",
            "USER=postgres                       | USER                            | set user: under database",
            "options=-c%20role%3Dpostgres        | options                         | remove it; a catalog URL may carry only",
            "currentSchema=evil                  | currentSchema                   | remove it; a catalog URL may carry only",
            "service=prod                        | service                         | jdbc:postgresql://host:5432/database",
            "host=evil.example.com               | host                            | jdbc:postgresql://host:5432/database",
            "dbname=other                        | dbname                          | jdbc:postgresql://host:5432/database",
            "connectTimeout=5&sslmode=disable    | sslmode                         | tls.mode",
            "connecttimeout=5                    | connecttimeout                  | write it as connectTimeout",
            "connect%54imeout=5                  | connect%54imeout                | write it as connectTimeout",
            "sslmode                             | sslmode                         | tls.mode"})
    void refusesEveryParameterOutsideTheAllowlistNamingTheFieldToUse(String query, String shown, String fix) {
        CatalogValidation validation = loader.validate("prod.yml", prodRegion("jdbc:postgresql://db.example.com:5432/tenants?"
                + query));

        assertThat(validation.isValid()).isFalse();
        assertThat(validation.problems()).hasSize(1);
        String message = validation.problems().get(0).message();
        assertThat(message).startsWith("prod.yml:6: regions.eu-central.database.url: ")
                .contains("(value '" + shown + "')").contains(fix).doesNotContain("\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "jdbc:postgresql://db.example.com:5432/tenants?connectTimeout=5&connectTimeout=6",
            "jdbc:postgresql://db.example.com:5432/tenants?sslmode=require&sslmode=disable",
            "jdbc:postgresql://db.example.com:5432/tenants?password=hunter2",
            "jdbc:postgresql://db.example.com:5432/tenants?sslpassword=hunter2",
            "jdbc:postgresql://fleet:hunter2@db.example.com:5432/tenants",
            "jdbc:mysql://db.example.com:3306/tenants",
            "JDBC:POSTGRESQL://db.example.com/tenants",
            "jdbc:postgresql:tenants",
            "jdbc:postgresql:///tenants",
            "jdbc:postgresql://:5432/tenants",
            "jdbc:postgresql://db.example.com,/tenants",
            "jdbc:postgresql://db.example.com:99999/tenants",
            "jdbc:postgresql://db.example.com:54x/tenants",
            "jdbc:postgresql://db.example.com",
            "jdbc:postgresql://db.example.com/",
            "jdbc:postgresql://db.example.com/tenants/x",
            "jdbc:postgresql://db%2Eexample.com/tenants",
            "jdbc:postgresql://db.example.com/tenants?connectTimeout=%zz",
            "jdbc:postgresql://db.example.com/tenants?connectTimeout="})
    void refusesMalformedDuplicatedAndSecretCarryingUrls(String url) {
        CatalogValidation validation = loader.validate("prod.yml", prodRegion(url));

        assertThat(validation.problems()).hasSize(1);
        assertThat(validation.problems().get(0).message()).startsWith("prod.yml:6: regions.eu-central.database.url: ")
                .doesNotContain("hunter2");
    }

    @Test
    void refusesTheSameOnTheControlPlaneUrl() {
        CatalogValidation validation = loader.validate("prod.yml", prodRegion("jdbc:postgresql://db.example.com/t")
                .replace("/control\n", "/control?sslmode=disable\n"));

        assertThat(validation.problems()).extracting(CatalogProblem::message).containsExactly(
                "prod.yml:12: control_plane.database.url: driver parameter not allowed in the URL (value 'sslmode'); "
                        + "remove it and set tls.mode under database (require, verify-ca or verify-full)");
    }

    @Test
    void acceptsSeveralHostsAndAllowedParametersAndRebuildsTheUrl() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db1.example.com:5433,10.0.0.7,[::1]:6432/tenant%20fleet"
                + "?targetServerType=primary&connectTimeout=10&&ApplicationName=fleet+ops%26co&loadBalanceHosts=true");

        assertThat(url.hosts()).containsExactly("db1.example.com", "10.0.0.7", "[::1]");
        assertThat(url.ports()).containsExactly(5433, 5432, 6432);
        assertThat(url.database()).isEqualTo("tenant fleet");
        assertThat(url.parameters()).containsExactly(Map.entry("targetServerType", "primary"),
                Map.entry("connectTimeout", "10"), Map.entry("ApplicationName", "fleet ops&co"),
                Map.entry("loadBalanceHosts", "true"));
        assertThat(url.canonical()).isEqualTo("jdbc:postgresql://db1.example.com:5433,10.0.0.7:5432,[::1]:6432/tenant+fleet"
                + "?targetServerType=primary&connectTimeout=10&ApplicationName=fleet+ops%26co&loadBalanceHosts=true");
        assertThat(JdbcUrl.parse(url.canonical()).canonical()).isEqualTo(url.canonical());
    }

    @Test
    void takesTlsAndCredentialsOnlyFromTheCatalogFields() {
        RegionCatalog catalog = loader.validate("prod.yml", prodRegion(
                "jdbc:postgresql://db1.example.com,db2.example.com:5433/tenants?connectTimeout=3")).orThrow();
        DatabaseSpec.Jdbc jdbc = (DatabaseSpec.Jdbc) catalog.region("eu-central").database();

        Properties effective = jdbc.effective(jdbc.driverProperties(Optional.of("s3cret")));

        assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://db1.example.com:5432,db2.example.com:5433/tenants?connectTimeout=3");
        assertThat(jdbc.effectiveTlsMode()).isEqualTo("verify-full");
        assertThat(List.of(effective.getProperty("sslmode"), effective.getProperty("user"), effective.getProperty("password"),
                effective.getProperty("PGHOST"), effective.getProperty("connectTimeout")))
                .containsExactly("verify-full", "fleet", "s3cret", "db1.example.com,db2.example.com", "3");
    }
}
