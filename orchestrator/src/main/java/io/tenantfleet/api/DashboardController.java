package io.tenantfleet.api;

import io.swagger.v3.oas.annotations.Hidden;
import io.tenantfleet.ops.Dashboard;
import io.tenantfleet.ops.DashboardHtml;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operators' dashboard at {@code /}: one server-rendered page (not part of the JSON API's description). */
@Hidden
@RestController
class DashboardController {

    private final Dashboard dashboard;

    DashboardController(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", DashboardHtml.CSP)
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(DashboardHtml.render(dashboard.read()));
    }
}
