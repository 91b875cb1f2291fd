package io.dblab.joe.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The page's jte templates (src/main/jte), compiled into Java classes at build time by jte-maven-plugin.
 * HTML content type: every {@code ${…}} is escaped for where it stands (element, attribute), so text
 * from a person or a plan can never become markup.
 */
final class Templates {
    private static final String PACKAGE = "io.dblab.joe.web.templates";
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Templates.class.getClassLoader(), PACKAGE);

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }
}
