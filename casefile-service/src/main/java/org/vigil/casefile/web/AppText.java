package org.vigil.casefile.web;

import io.quarkus.qute.i18n.MessageBundle;

/**
 * The web app's words, in message bundles: a template says {@code {msg:population_where}}, Java code
 * {@code MessageBundles.get(AppText.class).population_where()}. The English words are in
 * {@code messages/msg.properties}; another language is {@code messages/msg_<tag>.properties} with the same keys, and
 * the build checks every key and parameter. Data (names, sources' words, summaries) is never translated.
 */
@MessageBundle(MessageBundle.DEFAULT_NAME)
public interface AppText {

    String base_lang();

    String base_skip();

    String base_main_nav();

    String base_populations();

    String base_search();

    String base_admin();

    String base_signed_in_as();

    String base_cleared_for(Object clearance);

    String base_sign_out();

    String back_to_population();

    String not_stated();

    String date_not_stated();

    String corrected();

    String earlier();

    String until(String date);

    String required();

    String populations_register();

    String populations_withheld(int count);

    String populations_none();

    String populations_caption();

    String populations_name();

    String populations_events();

    String populations_last();

    String populations_view();

    String populations_stalled(String reason);

    String populations_up_to_date();

    String pending_title();

    String pending_recorded(String version);

    String pending_look_again();

    String signed_out_title();

    String signed_out_again();

    String population_aliases();

    String population_recorded(String version);

    String population_recorded_pending();

    String population_reload();

    String population_record();

    String population_import();

    String population_reports();

    String population_search_within();

    String population_as_of();

    String population_known_at();

    String population_show();

    String population_today();

    String population_version(long version, long position);

    String population_version_as_of(String date);

    String population_version_known_at(String moment);

    String population_stalled(String reason);

    String population_withheld(Integer count, String level);

    String population_where();

    String population_outside();

    String population_since(String date);

    String population_before();

    String population_how_many();

    String population_site();

    String population_date();

    String population_figure();

    String population_all_sites();

    String population_chart();

    String population_every_claim(int count);

    String population_latest_claims(int shown, int total);

    String population_show_every_one();

    String population_map();

    String population_no_sites();

    /** One message for both cases: a bundle of more than 300 messages loses some of them (Qute's grouping). */
    String population_too_long(long events, boolean otherDate);

    String population_no_sites_by_date();

    String population_to_the(String precision);

    String population_site_more(int count);

    String population_boundaries();

    String population_designations();

    String population_none_recorded();

    String population_by(String who);

    String population_in_force();

    String population_contested();

    String population_restrictions();

    String population_none();

    String population_casualties();

    String population_documented(int incidents, String killed, String injured, String abducted);

    String population_latest_incidents(int shown, int total);

    String population_killed();

    String population_injured();

    String population_abducted();

    String population_not_reported();

    String population_claimed();

    String population_refugee();

    String population_refugee_step(String step, int total);

    String population_latest_steps(int shown, int total);

    String population_how_many_not_stated();

    String population_as_movement();

    String population_detentions();

    String population_latest_detentions(int shown, int total);

    String population_interventions();

    String population_latest_interventions(int shown, int total);

    String population_timeline();

    String population_latest_entries(int shown, int total);

    String population_whole_timeline();

    String population_precision(String precision);

    String population_maybe();

    String population_live();

    String population_live_updated(String version);

    String population_live_paused();

    String types_title();

    String types_intro();

    String record_title(String type);

    String register_title();

    String record_another_type();

    String record_help_figures();

    String record_help_dates();

    String record_help_sources();

    String record_not_recorded();

    String record_record();

    String record_register();

    String form_choose();

    String form_add_another(Object what);

    String form_one_per_line();

    String form_cited_before();

    String form_new_source();

    String form_unread_date(Object words);

    String form_span_not_approximate(Object words, Object earliest, Object latest);

    String form_precision_differs(Object words, Object read, Object chosen);

    String event_retracted();

    String event_withheld(int count);

    String event_correct();

    String event_now();

    String event_last();

    String event_history();

    String event_revision(String at, long version, String level);

    String event_retract();

    String event_retract_reason();

    String event_not_retracted(Object why);

    String correct_title(String type);

    String correct_back();

    String correct_help();

    String correct_not_corrected();

    String correct_correction();

    String correct_fact();

    String correct_nothing_changed();

    String search_title();

    String search_heading();

    String search_words();

    String search_population();

    String search_all();

    String search_type();

    String search_any();

    String search_from();

    String search_to();

    String search_source();

    String search_go();

    String search_not_searched();

    String search_results(int count);

    String search_withheld(long count);

    String search_pending(long count);

    String search_none();

    String search_sources();

    String reports_title();

    String reports_withheld(int count);

    String reports_none();

    String reports_report();

    String reports_as_of();

    String reports_period();

    String reports_audience();

    String reports_position();

    String reports_write();

    String reports_not_written();

    String reports_as_of_label();

    String reports_from();

    String reports_to();

    String reports_public();

    String reports_internal();

    String reports_write_button();

    String report_title(String index);

    String report_all();

    String report_written_from();

    String report_issued();

    String report_read();

    String report_markdown();

    String report_pdf();

    String report_verification();

    String report_verified();

    String report_not_verified();

    String admin_rebuilds();

    String admin_rebuilds_help();

    String admin_no_rebuild();

    String admin_started();

    String admin_state();

    String admin_progress();

    String admin_by();

    String admin_events_done(long done);

    String admin_events_of(long done, Long total);

    String admin_left(Long seconds);

    String admin_rebuild();

    String admin_parked();

    String admin_none_stalled();

    String admin_parked_event(long version, String type, java.time.Instant at, String reason);

    String admin_replay();

    String admin_audit(String service);

    String admin_audit_help();

    String admin_service();

    String admin_who();

    String admin_population();

    String admin_kind();

    String admin_any();

    String admin_since();

    String admin_filter();

    String admin_when();

    String admin_what();

    String admin_status();

    String admin_detail();

    String admin_no_line();

    String admin_older();

    String admin_rebuild_started();

    String admin_rebuild_running();

    String admin_replayed();

    String admin_answered(Object service, Object status, Object problem);

    String admin_not_a_page(Object service, Object why);

    String admin_unreachable(Object service, Object why);

    String import_title();

    String import_not_read(String problem);

    String import_step_template();

    String import_template_help();

    String import_step_upload();

    String import_file();

    String import_row_type();

    String import_type_in_column();

    String import_upload();

    String import_help();

    String job_title(String file);

    String job_heading();

    String job_another();

    String job_rows(int count);

    String job_each_a();

    String job_not_checked();

    String job_checking();

    String job_checked(int checked, int total);

    String job_checked_live(String checked, int total);

    String job_checking_note();

    String job_recording();

    String job_recording_label(int count);

    String job_recording_note();

    String job_recorded(int count);

    String job_see_population();

    String job_passed(int count);

    String job_record_all(int count);

    String job_stopped(String why);

    String job_stalled();

    String job_errors(int count);

    String job_errors_recording(int count);

    String job_errors_caption();

    String job_row();

    String job_column();

    String job_field();

    String job_wrong();

    String job_preview();

    String job_preview_errors();

    String job_error();

    String job_fix();

    String job_corrected_file();

    String job_upload_again();

    String job_kept();

    String job_record_again();

    String job_columns_fill();

    String job_change_columns();

    String job_columns();

    String job_fills();

    String job_leave_out();

    String job_choose();

    String job_check();

    String job_nothing_yet();

    String population_bad_as_of();

    String population_bad_known_at();

    String chart_title();

    String chart_desc(Object count, Object from, Object to);

    String chart_desc_ranges();

    String chart_desc_bins();

    String chart_desc_list();

    String map_title();

    String map_desc(Object count);

    String report_answered(Object status);

    String import_column_unknown(Object column, Object target);

    String import_column_twice(Object column, Object target);

    String import_no_type();

    String import_no_field();

    String import_every_row();

    String import_header_only();

    String import_choose_file();

    String import_upload_unread(Object why);

    String sheet_too_many_rows(Object rows);

    String sheet_not_csv(Object why);

    String sheet_no_sheet();

    String sheet_not_xlsx(Object why);

    String sheet_empty();

    String sheet_no_columns();

    String sheet_unnamed_column(Object row, Object column);

    String sheet_neither();

    String import_check_stopped(Object why);

    String import_refused();

    String import_record_stopped(Object why);

    String import_session_ended();

    String import_may_not_record();

    String import_no_database();

    String import_answered(Object status);
}
