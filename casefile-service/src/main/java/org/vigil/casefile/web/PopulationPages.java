package org.vigil.casefile.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.app.PageWarmer;
import org.vigil.casefile.app.Views;

/**
 * A population's page as computed for a reader's clearance and question, kept by {@link PageMemo}: what
 * {@link AppPages} shows, and what the warm-up after a start computes ahead of the first reader (app/WarmUp).
 */
@ApplicationScoped
public class PopulationPages implements PageWarmer {

    private final Views views;

    /** The population pages computed last, by stream version, reader's clearance and question. */
    private final PageMemo memo = new PageMemo();

    public PopulationPages(Views views) {
        this.views = views;
    }

    /** The page computed before at this stream version for the same clearance and question, or null. */
    PageMemo.Model kept(UUID population, long version, Confidentiality clearance, LocalDate day, Instant moment, boolean everything) {
        return memo.get(new PageMemo.Key(population, version, clearance, day, moment, everything));
    }

    /** The status of the default page (today, as known now, the latest) kept for a clearance at a stream version, or null. */
    public Views.Seen keptDefault(UUID population, long version, Confidentiality clearance) {
        PageMemo.Model page = kept(population, version, clearance, null, null, false);
        return page == null ? null : page.seen();
    }

    /** Computes the page (and keeps it): the status, the chart's claims and the map's sites from one read of the case file. */
    Uni<PageMemo.Model> compute(UUID population, Confidentiality clearance, LocalDate day, Instant moment, boolean everything) {
        // a chart of thousands of claims draws their bounds only; the claims said in words are the ones listed
        int inWords = everything ? Integer.MAX_VALUE : HeadcountChart.MAX_BARS;
        return views.statusWithHeadcounts(population, day, moment, clearance, inWords, everything ? Integer.MAX_VALUE : AppPages.Shown.LATEST)
                .map(both -> {
                    PageMemo.Model model = PageMemo.Model.of(both, day, everything, population, moment);
                    // a page with everything (?all=true) lists the whole history: asked for rarely, never kept
                    if (!everything) memo.put(new PageMemo.Key(population, both.seen().version(), clearance, day, moment, everything), model);
                    return model;
                })
                // a history too long to read whole: today's page from the current view, without the chart and the map
                // (another date or moment cannot be read for it: that answer stands)
                .onFailure(e -> day == null && moment == null && !everything && tooLong(e))
                .recoverWithUni(() -> views.status(population, null, null, clearance)
                        .map(seen -> PageMemo.Model.withoutChartAndMap(seen, population)));
    }

    /** Whether a read failed because the history is too long to read whole (503 history-too-long). */
    static boolean tooLong(Throwable e) {
        return e instanceof org.vigil.casefile.store.CaseFileReads.HistoryTooLong;
    }

    @Override
    public Uni<Void> warm(UUID populationId, Confidentiality clearance) {
        return compute(populationId, clearance, null, null, false).replaceWithVoid();
    }
}
