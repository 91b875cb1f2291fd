package io.dblab.serverkit.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * A server's jte templates (its module's src/main/jte), compiled into Java classes at build time by jte-maven-plugin.
 * HTML content type: every {@code ${…}} is escaped for where it stands (element, attribute), so text
 * from a person or a plan can never become markup.
 */
public final class Templates {
    /** Script, style and images from the server only, no inline script or style, no framing, forms to the server only. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private final TemplateEngine engine;

    /** The templates jte-maven-plugin compiled into {@code packageName}, loaded by {@code owner}'s class loader. */
    public Templates(Class<?> owner, String packageName) {
        engine = TemplateEngine.createPrecompiled(null, ContentType.Html, owner.getClassLoader(), packageName);
    }

    /** Answers with the rendered template as an HTML page, under {@link #CONTENT_SECURITY_POLICY}, never cached. */
    public void respond(Context ctx, String template, Map<String, Object> params) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
                .contentType("text/html; charset=utf-8").result(render(template, params));
    }

    public String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }
}
