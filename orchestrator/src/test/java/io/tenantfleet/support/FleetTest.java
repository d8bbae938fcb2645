package io.tenantfleet.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A test against the bundled local catalog on real embedded PostgreSQL 17 servers: one control plane
 * and one server per region, started once and shared by every class with this annotation (the
 * Spring test context is cached), in a fresh data directory for the run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        "orchestrator.data-dir=target/test-fleet/${random.uuid}",
        "orchestrator.embedded-fast=true",
        "orchestrator.connect-timeout-ms=1500"})
public @interface FleetTest {
}
