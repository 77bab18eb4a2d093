package org.vigil.report.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.openhtmltopdf.bidi.support.ICUBidiReorderer;
import com.openhtmltopdf.bidi.support.ICUBidiSplitter;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;

/** Lays a composed report out: Markdown ({@link MarkdownEdition}), HTML from its Qute template, PDF from the HTML (openhtmltopdf). */
@ApplicationScoped
public class ReportWriter {

    private static final String FONTS = "/net/sf/jasperreports/fonts/dejavu/";
    private static final String[][] FACES = {
            {"DejaVuSans.ttf", "400", "normal"}, {"DejaVuSans-Bold.ttf", "700", "normal"},
            {"DejaVuSans-Oblique.ttf", "400", "italic"}, {"DejaVuSans-BoldOblique.ttf", "700", "italic"}};

    private final Template html;

    public ReportWriter(@Location("report.html") Template html) {
        this.html = html;
    }

    /** The Markdown edition: the one stored with the report and hashed ({@link MarkdownEdition}). */
    public String markdown(Report report) {
        return MarkdownEdition.write(report);
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
            // Names keep their script: DejaVu Sans (Latin, Arabic, Persian) is embedded, and right-to-left runs are
            // split, shaped and reordered with ICU.
            for (String[] face : FACES) {
                builder.useFont(() -> ReportWriter.class.getResourceAsStream(FONTS + face[0]), "DejaVu Sans",
                        Integer.parseInt(face[1]), face[2].equals("italic") ? BaseRendererBuilder.FontStyle.ITALIC
                                : BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.useUnicodeBidiSplitter(new ICUBidiSplitter.ICUBidiSplitterFactory());
            builder.useUnicodeBidiReorderer(new ICUBidiReorderer());
            builder.defaultTextDirection(BaseRendererBuilder.TextDirection.LTR);
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
