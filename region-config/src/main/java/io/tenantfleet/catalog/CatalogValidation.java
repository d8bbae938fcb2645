package io.tenantfleet.catalog;

import java.util.List;
import java.util.Optional;

/** The result of reading a catalog: the catalog when it is valid, otherwise every problem found. */
public record CatalogValidation(Optional<RegionCatalog> catalog, List<CatalogProblem> problems) {

    public CatalogValidation {
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The catalog, or a {@link CatalogException} carrying every problem. */
    public RegionCatalog orThrow() {
        if (!isValid()) {
            throw new CatalogException(problems);
        }
        return catalog.orElseThrow();
    }
}
