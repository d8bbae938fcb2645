package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.DatabaseSpec;
import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Plans a rollout from the registry and one version query per region; changes nothing. Waves:
 * wave 0 is the canary, then each region's remaining tenants are cut into chunks of the wave size
 * and wave k takes the k-th chunk of every region, in catalog order.
 */
@Component
public class RolloutPlanner {

    private static final java.util.concurrent.Executor READERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "plan-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final RegionCatalog catalog;
    private final TenantRegistry registry;
    private final TenantTemplate template;
    private final SchemaVersions versions;
    private final RegionBaseline baseline;

    RolloutPlanner(RegionCatalog catalog, TenantRegistry registry, TenantTemplate template, SchemaVersions versions,
            RegionBaseline baseline) {
        this.baseline = baseline;
        this.catalog = catalog;
        this.registry = registry;
        this.template = template;
        this.versions = versions;
    }

    public RolloutPlan plan(RolloutOptions options) {
        TemplateVersion target = template.target(options.target());
        List<Region> regions = regions(options.regions());
        Map<String, List<Tenant>> active = new LinkedHashMap<>();
        regions.forEach(region -> active.put(region.id(), new ArrayList<>()));
        for (Tenant tenant : registry.list(Optional.empty())) {
            if (tenant.status() == TenantStatus.ACTIVE && active.containsKey(tenant.homeRegion())) {
                active.get(tenant.homeRegion()).add(tenant);
            }
        }
        // every region's versions are read at once: one query per region, regions in parallel
        List<java.util.concurrent.CompletableFuture<RegionDraft>> reads = regions.stream()
                .map(region -> java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> draft(region, active.get(region.id()), target), READERS))
                .toList();
        List<RegionDraft> drafts = reads.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        int waves = assignWaves(drafts, options);
        List<RegionPlan> plans = drafts.stream().map(RegionDraft::toPlan).toList();
        RolloutPlan plan = new RolloutPlan(target, template.between(TemplateVersion.parse("0"), target), plans, waves,
                Optional.empty());
        return plan.touchesProduction() ? withToken(plan) : plan;
    }

    private List<Region> regions(List<String> requested) {
        if (requested.isEmpty()) {
            return catalog.regions();
        }
        Set<String> wanted = Set.copyOf(requested);
        requested.forEach(catalog::region);
        return catalog.regions().stream().filter(r -> wanted.contains(r.id())).toList();
    }

    private RegionDraft draft(Region region, List<Tenant> tenants, TemplateVersion target) {
        RegionDraft draft = new RegionDraft(region, server(region.database()), tenants.size());
        Map<String, SchemaVersions.SchemaVersion> current;
        try {
            current = versions.read(region.id());
            RegionBaseline.State state = baseline.inspect(region.id());
            if (state.outOfDate()) {
                draft.notes.add(state.describe() + ": applied by 'rollout apply' or 'provision' before any tenant work");
            }
        } catch (RegionUnavailableException e) {
            draft.unreachable = Optional.of(e.getMessage());
            draft.refused = e.isPermanent();
            return draft;
        }
        for (Tenant tenant : tenants) {
            SchemaVersions.SchemaVersion version = current.get("org_" + tenant.slug());
            if (version == null || version.version() == null) {
                draft.notes.add(tenant.slug() + ": schema or its history is missing; run 'drift'");
                continue;
            }
            draft.versions.merge(version.version(), 1, Integer::sum);
            TemplateVersion from = TemplateVersion.parse(version.version());
            if (version.hasFailed()) {
                draft.notes.add(tenant.slug() + ": its flyway_schema_history has a failed entry; repair it first");
            } else if (from.compareTo(target) < 0) {
                draft.candidates.add(new PlannedTenant(tenant.id(), tenant.slug(), region.id(), from,
                        version.installedRank(), -1));
            } else if (from.compareTo(target) > 0) {
                draft.notes.add(tenant.slug() + ": at " + from + ", ahead of " + target + "; left as is");
            }
        }
        return draft;
    }

    private static int assignWaves(List<RegionDraft> drafts, RolloutOptions options) {
        List<PlannedTenant> all = drafts.stream().flatMap(d -> d.candidates.stream()).toList();
        Set<String> canary = canary(drafts, all, options);
        int waves = canary.isEmpty() ? 0 : 1;
        for (RegionDraft draft : drafts) {
            List<PlannedTenant> rest = draft.candidates.stream().filter(t -> !canary.contains(t.slug())).toList();
            int size = options.waveSize().ceilOf(rest.size(), 1);
            for (PlannedTenant tenant : draft.candidates) {
                if (canary.contains(tenant.slug())) {
                    draft.planned.add(withWave(tenant, 0));
                }
            }
            for (int i = 0; i < rest.size(); i++) {
                draft.planned.add(withWave(rest.get(i), 1 + i / size));
            }
            waves = Math.max(waves, rest.isEmpty() ? waves : 1 + (rest.size() - 1) / size + 1);
        }
        return waves;
    }

    private static Set<String> canary(List<RegionDraft> drafts, List<PlannedTenant> all, RolloutOptions options) {
        if (!options.canaryTenants().isEmpty()) {
            Set<String> pending = all.stream().map(PlannedTenant::slug).collect(java.util.stream.Collectors.toSet());
            for (String slug : options.canaryTenants()) {
                if (!pending.contains(slug)) {
                    throw new OrchestratorException(ErrorCode.INVALID_INPUT, "--canary-tenants names " + slug
                            + ", which is not an ACTIVE tenant with migrations pending in the planned regions");
                }
            }
            return Set.copyOf(options.canaryTenants());
        }
        Set<String> chosen = new java.util.LinkedHashSet<>();
        for (int round = 0; chosen.size() < Math.min(options.canaryCount(), all.size()); round++) {
            for (RegionDraft draft : drafts) {
                if (round < draft.candidates.size() && chosen.size() < options.canaryCount()) {
                    chosen.add(draft.candidates.get(round).slug());
                }
            }
        }
        return chosen;
    }

    private static PlannedTenant withWave(PlannedTenant tenant, int wave) {
        return new PlannedTenant(tenant.tenantId(), tenant.slug(), tenant.region(), tenant.from(), tenant.fromRank(), wave);
    }

    private static RolloutPlan withToken(RolloutPlan plan) {
        StringBuilder basis = new StringBuilder(plan.target().text());
        plan.regions().stream().filter(r -> !r.pending().isEmpty())
                .forEach(r -> basis.append('|').append(r.region().id()).append(':').append(r.pending().size()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(basis.toString().getBytes(StandardCharsets.UTF_8));
            String token = "MIGRATE-PRODUCTION-" + HexFormat.of().formatHex(digest, 0, 4);
            return new RolloutPlan(plan.target(), plan.migrations(), plan.regions(), plan.waves(), Optional.of(token));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String server(DatabaseSpec spec) {
        return spec instanceof DatabaseSpec.Jdbc jdbc ? jdbc.url() : "embedded";
    }

    /** A region's plan while it is being put together. */
    private static final class RegionDraft {
        final Region region;
        final String server;
        final int tenants;
        Optional<String> unreachable = Optional.empty();
        boolean refused;
        final Map<String, Integer> versions = new TreeMap<>();
        final List<PlannedTenant> candidates = new ArrayList<>();
        final List<PlannedTenant> planned = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        RegionDraft(Region region, String server, int tenants) {
            this.region = region;
            this.server = server;
            this.tenants = tenants;
        }

        RegionPlan toPlan() {
            List<PlannedTenant> ordered = planned.stream()
                    .sorted(java.util.Comparator.comparingInt(PlannedTenant::wave).thenComparing(PlannedTenant::slug)).toList();
            return new RegionPlan(region, server, unreachable, refused, tenants, versions, ordered, notes);
        }
    }
}
