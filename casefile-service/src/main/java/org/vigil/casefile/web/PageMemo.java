package org.vigil.casefile.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.vigil.access.Confidentiality;
import org.vigil.casefile.app.Views;
import org.vigil.casefile.projection.PopulationStatus;
import org.vigil.casefile.projection.StatusView;

/**
 * The population pages computed last. A page is a pure function of the population's stored revisions up to a stream
 * version, the reader's clearance and the question (as of, as known at, everything or the latest): the same key gives
 * the same page, so a population read again before anything new was applied to it is not computed again (for a long
 * history, most of a read's cost). A change moves the stream version, and with it the key; whether the view is
 * stalled is not part of the computed page and is always taken from the row read for the request. What is kept is
 * what the page shows: the lists it shows in full are cut to the entries it lists, so an entry costs kilobytes, not
 * the history (a page with everything, which lists the whole history, is not kept: web/PopulationPages). The least
 * recently read go first beyond {@link #KEPT}.
 */
final class PageMemo {

    /** Enough for the default page of each clearance of the populations the warm-up after a start reads (app/WarmUp). */
    static final int KEPT = 64;

    record Key(UUID population, long version, Confidentiality clearance, LocalDate day, Instant moment, boolean everything) {
    }

    /**
     * A computed page: the status (its long lists cut to what is shown), the chart and the map drawn, the lists shown;
     * {@code notDrawn}, when set, the length of a history too long to read whole, for which the chart and the map are
     * not drawn (the status is today's, from the current view).
     */
    record Model(Views.Seen seen, String chart, String map, List<StatusView.Site> sites, AppPages.Shown shown, Long notDrawn) {

        static Model of(Views.SeenWithHeadcounts both, LocalDate day, boolean everything, UUID population, Instant moment) {
            Views.Seen seen = both.seen();
            List<StatusView.HeadcountPoint> series = both.headcounts();
            AppPages.Shown shown = AppPages.Shown.of(seen.status(), both.timelineTotal(), series, everything, population, day, moment);
            PopulationStatus s = seen.status();
            // the page lists these through Shown; the rest of the status is small
            PopulationStatus kept = new PopulationStatus(s.populationId(), s.name(), s.aliases(), s.asOf(), s.knownAt(),
                    s.streamVersion(), s.logPosition(), s.location(), s.headcounts(), List.of(), s.designations(),
                    s.refugeeStatus(), s.restrictionsInForce(),
                    new PopulationStatus.Casualties(List.of(), s.casualties().documented(), s.casualties().claimedAggregates()),
                    List.of(), List.of(), List.of());
            return new Model(new Views.Seen(kept, seen.stalledReason(), seen.stalledAt(), seen.withheld(), seen.held(), seen.version(), seen.listed()),
                    HeadcountChart.svg(series, day), BaseMap.svg(both.sites()), both.sites(), shown, null);
        }

        /** Today's page of a history too long to read whole: the status without the chart and the map. */
        static Model withoutChartAndMap(Views.Seen seen, UUID population) {
            long timeline = seen.listed() == null ? 0 : seen.listed().getOrDefault("timeline", 0L);
            Model page = of(new Views.SeenWithHeadcounts(seen, (int) Math.min(Integer.MAX_VALUE, timeline), List.of(), List.of()),
                    null, false, population, null);
            return new Model(page.seen(), page.chart(), page.map(), page.sites(), page.shown(), seen.version());
        }

        /** The same page, with whether the view is stalled as the row read for this request says. */
        Model withBookkeeping(String stalledReason, Instant stalledAt) {
            return new Model(new Views.Seen(seen.status(), stalledReason, stalledAt, seen.withheld(), seen.held(), seen.version(), seen.listed()),
                    chart, map, sites, shown, notDrawn);
        }
    }

    private final Map<Key, Model> pages = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Model> eldest) {
            return size() > KEPT;
        }
    };

    synchronized Model get(Key key) {
        return pages.get(key);
    }

    synchronized void put(Key key, Model model) {
        pages.put(key, model);
    }
}
