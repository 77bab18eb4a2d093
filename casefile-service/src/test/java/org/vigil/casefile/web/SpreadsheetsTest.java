package org.vigil.casefile.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** Spreadsheets read as researchers bring them, each row with the number the spreadsheet shows. */
class SpreadsheetsTest {

    @Test
    void csv_rows_keep_their_numbers_across_blank_rows_and_cells_that_span_lines() {
        String csv = "\uFEFFtype,place.name,count[0].says\n"
                + "a,\"Camp Ashraf,\nDiyala\",about 3\n"
                + ",,\n"
                + "b,کمپ اشرف,at least 7\n";
        Spreadsheets.Sheet sheet = Spreadsheets.read(csv.getBytes(StandardCharsets.UTF_8), 100);
        assertThat(sheet.header()).containsExactly("type", "place.name", "count[0].says");
        assertThat(sheet.rows()).containsExactly(List.of("a", "Camp Ashraf,\nDiyala", "about 3"), List.of("b", "کمپ اشرف", "at least 7"));
        assertThat(sheet.lines()).containsExactly(2, 4);
    }

    @Test
    void semicolons_short_rows_and_unnamed_columns() {
        Spreadsheets.Sheet sheet = Spreadsheets.read("a;b;\n1;2\n3;4;\n".getBytes(StandardCharsets.UTF_8), 100);
        assertThat(sheet.header()).containsExactly("a", "b");
        assertThat(sheet.rows()).containsExactly(List.of("1", "2"), List.of("3", "4"));
        assertThatThrownBy(() -> Spreadsheets.read("a,b\n1,2,3\n".getBytes(StandardCharsets.UTF_8), 100))
                .isInstanceOf(Spreadsheets.Unreadable.class).hasMessageContaining("row 2").hasMessageContaining("column 3");
    }

    @Test
    void a_file_that_is_no_utf8_or_too_long_is_refused_in_words() {
        assertThatThrownBy(() -> Spreadsheets.read(new byte[] {'a', ',', (byte) 0xE9, '\n'}, 100))
                .isInstanceOf(Spreadsheets.Unreadable.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> Spreadsheets.read("a\n1\n2\n3\n".getBytes(StandardCharsets.UTF_8), 2))
                .isInstanceOf(Spreadsheets.Unreadable.class).hasMessageContaining("more than 2 rows");
        assertThatThrownBy(() -> Spreadsheets.read(new byte[0], 2)).isInstanceOf(Spreadsheets.Unreadable.class);
    }

    @Test
    void a_workbook_gives_dates_as_iso_dates_numbers_as_typed_and_the_row_numbers_it_shows() throws Exception {
        byte[] xlsx;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet("counts");
            var header = sheet.createRow(0);
            header.createCell(0).setCellValue("occurred.date");
            header.createCell(1).setCellValue("count[0].best");
            header.createCell(2).setCellValue("place.name");
            var dated = book.createCellStyle();
            dated.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("d mmm yyyy"));
            var grouped = book.createCellStyle();
            grouped.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("#,##0"));
            var first = sheet.createRow(1);
            first.createCell(0).setCellValue(LocalDate.of(2009, 7, 28));
            first.getCell(0).setCellStyle(dated);
            first.createCell(1).setCellValue(3400);
            first.getCell(1).setCellStyle(grouped);
            first.createCell(2).setCellValue("Camp Ashraf");
            // row 3 left empty; row 4 skips its middle cell
            var fourth = sheet.createRow(3);
            fourth.createCell(0).setCellValue("2009");
            fourth.createCell(2).setCellValue("مخیم أشرف");
            book.write(out);
            xlsx = out.toByteArray();
        }
        Spreadsheets.Sheet sheet = Spreadsheets.read(xlsx, 100);
        assertThat(sheet.header()).containsExactly("occurred.date", "count[0].best", "place.name");
        assertThat(sheet.rows()).containsExactly(List.of("2009-07-28", "3400", "Camp Ashraf"), List.of("2009", "", "مخیم أشرف"));
        assertThat(sheet.lines()).containsExactly(2, 4);
    }

    @Test
    void rows_written_as_csv_read_back_the_same() {
        List<String> header = List.of("a", "b");
        List<List<String>> rows = List.of(List.of("x, y", "\"quoted\""), List.of("", "line\nbreak"));
        Spreadsheets.Sheet back = Spreadsheets.read(Spreadsheets.write(header, rows).getBytes(StandardCharsets.UTF_8), 10);
        assertThat(back.rows()).containsExactly(rows.get(0), rows.get(1));
    }
}
