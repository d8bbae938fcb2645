package io.tenantfleet.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request that changes something when a browser says another site made it: the API has no
 * session cookie, but a browser that opened the dashboard keeps the operator's HTTP Basic
 * credentials and would send them with a form or {@code fetch} from any page. A browser marks such
 * requests ({@code Sec-Fetch-Site}, {@code Origin}); curl and other API clients send neither.
 */
final class CrossSiteRequests extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> SAME = Set.of("same-origin", "none");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!READS.contains(request.getMethod()) && crossSite(request)) {
            ApiSecurity.write(response, HttpStatus.FORBIDDEN, "a request from another site may not change anything here "
                    + "(Sec-Fetch-Site or Origin names another site); call the API directly, not from a web page");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean crossSite(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null) {
            return !SAME.contains(fetchSite);
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI from = URI.create(origin);
            int port = from.getPort() < 0 ? ("https".equals(from.getScheme()) ? 443 : 80) : from.getPort();
            return !(request.getScheme().equals(from.getScheme()) && request.getServerName().equalsIgnoreCase(from.getHost())
                    && request.getServerPort() == port);
        } catch (IllegalArgumentException e) {
            return true; // "null" or garbage: not this site
        }
    }
}
