package io.dblab.platform.joe;

import io.dblab.platform.server.Platform;
import io.dblab.platform.web.OrgPage;
import io.dblab.platform.web.Pages;
import io.dblab.platform.web.WebFeature;
import io.javalin.config.RoutesConfig;
import java.util.List;

/** Joe in the Platform: the API Joe instances call, and the organization's Joe and Joe history pages. */
public final class JoePart implements WebFeature {
    private final JoeApi api;
    private final JoePages pages;

    public JoePart(Platform.Services services, Pages pages) {
        JoeInstances instances = new JoeInstances(services.db(), services.secrets());
        JoeHistory history = new JoeHistory(services.db());
        this.api = new JoeApi(instances, history, services.audit());
        this.pages = new JoePages(pages, instances, history, new JoeActions(services.organizations(), instances, history,
                new JoeCaller(), services.audit()));
    }

    @Override
    public void routes(RoutesConfig routes) {
        api.routes(routes);
        pages.routes(routes);
    }

    @Override
    public List<OrgPage> orgPages() {
        return pages.orgPages();
    }
}
