package io.dblab.joe.guard;

import java.util.Map;
import java.util.Set;

/**
 * What the clone's catalog vouches for. A name is vouched for when a catalog row that was already
 * there when the session began (before the person could run anything) carries it: the production
 * schema's metadata. A row the person made or changed in the session vouches for nothing, because
 * dynamic SQL can put data into names ({@code EXECUTE format('CREATE TABLE %I ...', secret)}).
 */
public interface NameCatalog {
    /** The candidates that are SQL keywords or names of rows from before the session. */
    Set<String> known(Set<String> candidates);

    /** The values of these settings as the server has them without the person's own changes. */
    Map<String, String> serverSettings(Set<String> names);
}
