package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.residency.ReportCsv;
import io.tenantfleet.residency.ReportHtml;
import io.tenantfleet.residency.ReportText;
import io.tenantfleet.residency.ResidencyJson;
import io.tenantfleet.residency.ResidencyReport;
import io.tenantfleet.residency.ResidencyRun;
import io.tenantfleet.residency.ResidencyService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Residency audits: a report run (asynchronous), its status, and its report in every format, chosen by
 * {@code ?format=json|text|csv|html} or else the {@code Accept} header (default JSON). The report is
 * read from the control plane, so any instance renders a report any other made.
 */
@RestController
class ResidencyController {

    /** The regions to check; absent: every region. */
    record ReportRequest(Optional<List<String>> regions) {
    }

    private static final Map<String, MediaType> FORMATS = Map.of("json", MediaType.APPLICATION_JSON, "text",
            MediaType.TEXT_PLAIN, "csv", MediaType.parseMediaType("text/csv"), "html", MediaType.TEXT_HTML);

    private final ResidencyService residency;
    private final AsyncRuns async;

    ResidencyController(ResidencyService residency, AsyncRuns async) {
        this.residency = residency;
        this.async = async;
    }

    @PostMapping("/api/residency/reports")
    ResponseEntity<Object> report(@RequestBody(required = false) ReportRequest request) {
        List<String> regions = request == null ? List.of() : request.regions().orElse(List.of());
        return async.start("residency", ResidencyController::location, started -> residency.report(regions,
                Workers.LOCAL, started).report().reportId());
    }

    /** The run's state and, once the report is recorded, where to read it. */
    @GetMapping("/api/residency/reports/{run}/status")
    Map<String, Object> status(@PathVariable long run) {
        ResidencyRun found = residency.run(run).orElseThrow(() -> ApiException.notFound("no residency run " + run));
        Optional<ResidencyReport> report = residency.recordedReport(run);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", found);
        body.put("report_ready", report.isPresent());
        body.put("exit_code", report.map(ResidencyReport::exitCode));
        body.put("report", report.map(r -> "/api/residency/reports/" + run));
        return body;
    }

    /** The report in the format asked for; 409 while the run has not recorded it. */
    @GetMapping("/api/residency/reports/{run}")
    ResponseEntity<String> document(@PathVariable long run, @RequestParam Optional<String> format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        String chosen = format.map(f -> f.toLowerCase(Locale.ROOT)).orElseGet(() -> fromAccept(accept));
        if (!FORMATS.containsKey(chosen)) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid format '" + chosen + "'; use json, text, "
                    + "csv or html");
        }
        ResidencyRun found = residency.run(run).orElseThrow(() -> ApiException.notFound("no residency run " + run));
        ResidencyReport report = residency.recordedReport(run).orElseThrow(() -> new OrchestratorException(
                ErrorCode.CONFLICT, "residency run " + run + " has no report yet (status " + found.status()
                        + "); poll " + location(run)));
        String body = switch (chosen) {
            case "text" -> ReportText.render(report);
            case "csv" -> ReportCsv.render(report);
            case "html" -> ReportHtml.render(report);
            default -> ResidencyJson.toJson(report);
        };
        return ResponseEntity.ok().contentType(FORMATS.get(chosen)).body(body);
    }

    private static String fromAccept(Optional<String> accept) {
        String value = accept.orElse("").toLowerCase(Locale.ROOT);
        return value.startsWith("text/html") ? "html" : value.startsWith("text/csv") ? "csv"
                : value.startsWith("text/plain") ? "text" : "json";
    }

    private static String location(long run) {
        return "/api/residency/reports/" + run + "/status";
    }
}
