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

    /** A report with its chart: what the HTML and PDF editions show (the Markdown has no picture, so it is drawn only for them). */
    public record Illustrated(Report report, String chart) {
    }

    public String html(Illustrated edition) {
        return html.data("r", edition.report()).data("chart", edition.chart()).render();
    }

    /** The HTML edition printed to PDF, the chart drawn from its SVG. */
    public byte[] pdf(Illustrated edition) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useSVGDrawer(new BatikSVGDrawer());
            builder.withHtmlContent(html(edition), null);
            builder.withProducer("Vigil report-service");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
