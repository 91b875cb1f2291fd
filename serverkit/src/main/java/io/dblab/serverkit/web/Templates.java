package io.dblab.serverkit.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * A server's jte templates (its module's src/main/jte), compiled into Java classes at build time by jte-maven-plugin.
 * HTML content type: every {@code ${…}} is escaped for where it stands (element, attribute), so text
 * from a person or a plan can never become markup.
 */
public final class Templates {
    private final TemplateEngine engine;

    /** The templates jte-maven-plugin compiled into {@code packageName}, loaded by {@code owner}'s class loader. */
    public Templates(Class<?> owner, String packageName) {
        engine = TemplateEngine.createPrecompiled(null, ContentType.Html, owner.getClassLoader(), packageName);
    }

    public String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }
}
