package org.vigil.ingest.population;

import org.vigil.figures.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.access.Confidentiality;
import org.vigil.ingest.event.Figure;
import org.vigil.ingest.event.Occurrence;
import org.vigil.ingest.event.Place;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.event.PopulationEvent.AccessRestrictionLifted;
import org.vigil.ingest.event.PopulationEvent.AccessRestrictionRecorded;
import org.vigil.ingest.event.PopulationEvent.AttackRecorded;
import org.vigil.ingest.event.PopulationEvent.EventCorrected;
import org.vigil.ingest.event.PopulationEvent.EventRetracted;
import org.vigil.ingest.event.PopulationEvent.PopulationRegistered;
import org.vigil.ingest.event.Source;
import org.vigil.ingest.population.Decision.Refusal;

/** Given the events of a stream, when a command comes, then these events are recorded, or this refusal. */
class PopulationDeciderTest {

    static final UUID POPULATION = UUID.randomUUID();
    static final Place ASHRAF = Place.named("Camp Ashraf", "Diyala", "IQ");
    static final Source UN = new Source("un", "UNAMI", "Report", "2013-09-02", null, null,
            Source.Affiliation.UN, Source.Reliability.B, null);

    static PopulationRegistered registered() {
        return new PopulationRegistered(Occurrence.year("1986"), ASHRAF, List.of(UN), Confidentiality.PUBLIC, null,
                "Camp Ashraf residents", List.of("PMOI"), null, List.of(Figure.of("un", Qualifier.ABOUT, 3300L, 3400L, 3500L)));
    }

    static AttackRecorded attack(long killed) {
        return new AttackRecorded(Occurrence.day("2013-09-01"), ASHRAF, List.of(UN), Confidentiality.PUBLIC, null,
                "shooting", "armed men", PopulationEvent.Attribution.DISPUTED,
                List.of(Figure.exactly("un", killed)), List.of(), List.of());
    }

    static EventRetracted retraction(UUID target) {
        return new EventRetracted(null, null, List.of(), Confidentiality.PUBLIC, null, target, "withdrawn");
    }

    static EventCorrected correction(UUID target, PopulationEvent corrected) {
        return new EventCorrected(null, null, List.of(UN), Confidentiality.PUBLIC, null, target, "better figures", corrected);
    }

    /** A stream state as the log would load it after these events. */
    static StreamState given(NewEvent... recorded) {
        StreamState state = StreamState.empty(POPULATION);
        for (NewEvent e : recorded) state = PopulationDecider.evolve(state, e);
        return state;
    }

    static NewEvent recorded(PopulationEvent event) {
        return new NewEvent(UUID.randomUUID(), event);
    }

    static Decision when(StreamState state, Long expectedVersion, PopulationEvent... events) {
        List<NewEvent> news = new ArrayList<>();
        for (PopulationEvent e : events) news.add(recorded(e));
        return PopulationDecider.decide(new AppendCommand(POPULATION, expectedVersion, news, false), state);
    }

    static void thenRefused(Decision decision, Refusal refusal, String field, String rule) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        Decision.Rejected rejected = (Decision.Rejected) decision;
        assertThat(rejected.refusal()).isEqualTo(refusal);
        assertThat(rejected.violations()).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.rule()).isEqualTo(rule);
        });
    }

    @Test
    void a_population_is_registered_on_an_empty_stream() {
        assertThat(when(given(), null, registered())).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void nothing_is_appended_to_an_unregistered_population() {
        thenRefused(when(given(), null, attack(52)), Refusal.UNKNOWN_POPULATION, "populationId", "population.registered");
    }

    @Test
    void a_population_is_registered_once() {
        thenRefused(when(given(recorded(registered())), null, registered()), Refusal.CONFLICT, "type", "population.registered-once");
    }

    @Test
    void a_stale_expected_version_is_a_conflict() {
        StreamState state = given(recorded(registered()), recorded(attack(52)));
        thenRefused(when(state, 1L, attack(13)), Refusal.VERSION_CONFLICT, "If-Match", "version.expected");
        assertThat(when(state, 2L, attack(13))).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void a_correction_must_name_an_event_of_the_same_population() {
        StreamState state = given(recorded(registered()));
        thenRefused(when(state, null, correction(UUID.randomUUID(), attack(1))), Refusal.INVALID_REFERENCE, "target", "target.exists");

        UUID elsewhere = UUID.randomUUID();
        StreamState withForeign = new StreamState(POPULATION, true, 1, java.util.Map.of(elsewhere,
                new KnownEvent(elsewhere, UUID.randomUUID(), org.vigil.ingest.event.EventType.ATTACK_RECORDED, false, false)));
        thenRefused(when(withForeign, null, correction(elsewhere, attack(1))), Refusal.INVALID_REFERENCE, "target", "target.exists");
    }

    @Test
    void a_retracted_event_can_be_neither_corrected_nor_retracted_again() {
        NewEvent original = recorded(attack(52));
        StreamState state = given(recorded(registered()), original, recorded(retraction(original.eventId())));
        thenRefused(when(state, null, retraction(original.eventId())), Refusal.INVALID_REFERENCE, "target", "target.not-retracted");
        thenRefused(when(state, null, correction(original.eventId(), attack(50))), Refusal.INVALID_REFERENCE, "target", "target.not-retracted");
    }

    @Test
    void a_corrected_event_can_be_corrected_again_but_a_correction_cannot_be_corrected() {
        NewEvent original = recorded(attack(52));
        NewEvent firstCorrection = recorded(correction(original.eventId(), attack(50)));
        StreamState state = given(recorded(registered()), original, firstCorrection);
        assertThat(when(state, null, correction(original.eventId(), attack(53)))).isInstanceOf(Decision.Accepted.class);
        thenRefused(when(state, null, correction(firstCorrection.eventId(), attack(53))), Refusal.INVALID_REFERENCE, "target", "target.is-fact");
    }

    @Test
    void a_correction_keeps_the_type_of_its_target() {
        NewEvent original = recorded(attack(52));
        StreamState state = given(recorded(registered()), original);
        thenRefused(when(state, null, correction(original.eventId(), registered())), Refusal.INVALID_REFERENCE,
                "corrected.type", "correction.same-type");
    }

    @Test
    void a_restriction_is_lifted_once() {
        NewEvent restriction = recorded(new AccessRestrictionRecorded(Occurrence.month("2009-01"), ASHRAF, List.of(UN),
                Confidentiality.PUBLIC, null, PopulationEvent.RestrictedAccess.MEDICAL_VISITS, "Iraqi authorities", null));
        AccessRestrictionLifted lift = new AccessRestrictionLifted(Occurrence.month("2009-02"), ASHRAF, List.of(UN),
                Confidentiality.PUBLIC, null, restriction.eventId(), "Iraqi authorities");
        StreamState state = given(recorded(registered()), restriction);
        assertThat(when(state, null, lift)).isInstanceOf(Decision.Accepted.class);
        thenRefused(when(given(recorded(registered()), restriction, recorded(lift)), null, lift),
                Refusal.INVALID_REFERENCE, "restriction", "restriction.in-force");
    }

    @Test
    void estimates_need_low_best_high_in_order_and_non_negative() {
        StreamState state = given(recorded(registered()));
        AttackRecorded reversed = new AttackRecorded(Occurrence.day("2011-04-08"), ASHRAF, List.of(UN), Confidentiality.PUBLIC,
                null, null, null, PopulationEvent.Attribution.KNOWN,
                List.of(Figure.of("un", Qualifier.ABOUT, 36L, 40L, 35L)), List.of(Figure.of("un", Qualifier.ABOUT, -1L, null, 3L)), List.of());
        Decision decision = when(state, null, reversed);
        thenRefused(decision, Refusal.INVALID, "killed[0].best", "estimate.ordered");
        thenRefused(decision, Refusal.INVALID, "killed[0].high", "estimate.ordered");
        thenRefused(decision, Refusal.INVALID, "injured[0].low", "estimate.non-negative");
    }

    @Test
    void a_figure_states_what_its_source_states_and_no_more() {
        StreamState state = given(recorded(registered()));
        for (Figure accepted : List.of(Figure.of("un", Qualifier.AT_LEAST, 34L, null, null),
                Figure.of("un", Qualifier.UP_TO, null, null, 250L), Figure.of("un", null, null, 15L, null),
                Figure.says("un", "nearly 100"), Figure.says("un", "between 90 and 100, best 95"),
                new Figure("un", null, 12L, null, null, "at least 12", null),
                new Figure("un", Qualifier.REPORTED, null, 5L, null, null, "bodies counted at the hospital"))) {
            assertThat(when(state, null, attack(accepted))).as(accepted.toString()).isInstanceOf(Decision.Accepted.class);
        }
        thenRefused(when(state, null, attack(Figure.of("un", Qualifier.ABOUT, 34L, null, null))), Refusal.INVALID,
                "killed[0].qualifier", "figure.qualifier-numbers");
        thenRefused(when(state, null, attack(Figure.of("un", Qualifier.AT_LEAST, 34L, null, 40L))), Refusal.INVALID,
                "killed[0].qualifier", "figure.qualifier-numbers");
        thenRefused(when(state, null, attack(Figure.of("un", null, null, null, null))), Refusal.INVALID,
                "killed[0].best", "required");
        thenRefused(when(state, null, attack(new Figure("un", null, null, 15L, null, "about 20", null))), Refusal.INVALID,
                "killed[0].says", "figure.words-agree");
        thenRefused(when(state, null, attack(Figure.says("un", "a dozen or so"))), Refusal.INVALID,
                "killed[0].says", "figure.words");
    }

    private static AttackRecorded attack(Figure killed) {
        return new AttackRecorded(Occurrence.day("2011-04-08"), ASHRAF, List.of(UN), Confidentiality.PUBLIC,
                null, null, null, null, List.of(killed.completed()), List.of(), List.of());
    }

    @Test
    void an_interval_needs_earliest_before_latest_and_dates_match_their_precision() {
        StreamState state = given(recorded(registered()));
        AttackRecorded reversed = new AttackRecorded(Occurrence.range("2009-07-29", "2009-07-28", "July 2009"), ASHRAF,
                List.of(UN), Confidentiality.PUBLIC, null, null, null, PopulationEvent.Attribution.KNOWN, List.of(), List.of(), List.of());
        thenRefused(when(state, null, reversed), Refusal.INVALID, "occurred.latest", "interval.ordered");
        AttackRecorded wrongPrecision = new AttackRecorded(Occurrence.month("2009-07-28"), ASHRAF,
                List.of(UN), Confidentiality.PUBLIC, null, null, null, PopulationEvent.Attribution.KNOWN, List.of(), List.of(), List.of());
        thenRefused(when(state, null, wrongPrecision), Refusal.INVALID, "occurred.date", "date.matches-precision");
    }

    @Test
    void every_claim_cites_a_source_and_figures_cite_one_of_the_event_sources() {
        StreamState state = given(recorded(registered()));
        AttackRecorded unsourced = new AttackRecorded(Occurrence.day("2013-09-01"), ASHRAF, List.of(), Confidentiality.PUBLIC,
                null, null, null, PopulationEvent.Attribution.KNOWN, List.of(Figure.exactly("un", 52)), List.of(), List.of());
        Decision decision = when(state, null, unsourced);
        thenRefused(decision, Refusal.INVALID, "sources", "required");
        thenRefused(decision, Refusal.INVALID, "killed[0].source", "figure.source-cited");
    }

    @Test
    void a_batch_is_decided_in_order_so_later_events_may_refer_to_earlier_ones() {
        NewEvent attack = recorded(attack(35));
        NewEvent fix = recorded(correction(attack.eventId(), attack(36)));
        Decision decision = PopulationDecider.decide(
                new AppendCommand(POPULATION, 0L, List.of(recorded(registered()), attack, fix), true), given());
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        assertThat(((Decision.Accepted) decision).events()).hasSize(3);
    }

    @Test
    void a_batch_names_the_failing_event_by_index() {
        Decision decision = PopulationDecider.decide(new AppendCommand(POPULATION, null,
                List.of(recorded(attack(1)), recorded(new AttackRecorded(null, ASHRAF, List.of(UN), Confidentiality.PUBLIC,
                        null, null, null, PopulationEvent.Attribution.KNOWN, List.of(), List.of(), List.of()))), true),
                given(recorded(registered())));
        thenRefused(decision, Refusal.INVALID, "events[1].occurred", "required");
    }

    @Test
    void an_event_id_is_never_reused() {
        NewEvent attack = recorded(attack(35));
        StreamState state = given(recorded(registered()), attack);
        Decision decision = PopulationDecider.decide(new AppendCommand(POPULATION, null,
                List.of(new NewEvent(attack.eventId(), attack(36))), false), state);
        thenRefused(decision, Refusal.CONFLICT, "eventId", "event.id-unique");
    }
}
