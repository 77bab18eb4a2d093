package org.vigil.report.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;

/** Lays a composed report out: Markdown and HTML from the Qute templates, PDF from the HTML (openhtmltopdf). */
@ApplicationScoped
public class ReportWriter {

    private final Template markdown;
    private final Template html;

    public ReportWriter(@Location("report.md") Template markdown, @Location("report.html") Template html) {
        this.markdown = markdown;
        this.html = html;
    }

    public String markdown(Report report) {
        return markdown.data("r", report).render();
    }

    public String html(Report report) {
        return html.data("r", report).render();
    }

    /** The HTML edition printed to PDF, the chart drawn from its SVG. */
    public byte[] pdf(Report report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useSVGDrawer(new BatikSVGDrawer());
            builder.withHtmlContent(html(report), null);
            builder.withProducer("Vigil report-service");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
