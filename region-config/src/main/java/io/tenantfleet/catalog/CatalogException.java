package io.tenantfleet.catalog;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.List;

/** A catalog that does not validate; the message is the first problem, all of them are kept. */
public final class CatalogException extends OrchestratorException {

    private static final long serialVersionUID = 1L;

    private final transient List<CatalogProblem> problems;

    public CatalogException(List<CatalogProblem> problems) {
        super(ErrorCode.INVALID_CATALOG, summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<CatalogProblem> problems() {
        return problems;
    }

    private static String summary(List<CatalogProblem> problems) {
        String first = problems.get(0).message();
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more problems)";
    }
}
