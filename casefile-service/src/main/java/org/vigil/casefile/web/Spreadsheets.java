package org.vigil.casefile.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.ParserConfigurationException;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Spreadsheets as the researchers bring them: CSV (UTF-8, with or without a byte order mark, comma or semicolon) or
 * an XLSX workbook's first sheet, read as rows of text with each row's number as the spreadsheet shows it (the
 * header is row 1), so that an error can be found in the file it came from. A workbook is read as a stream (POI's
 * SAX reader), never whole into memory: tens of thousands of rows cost what their text costs. Dates typed into a
 * workbook come out as ISO dates; numbers as typed, without the grouping a cell's format may show.
 */
public final class Spreadsheets {

    /** A sheet: its header cells, its rows (each as long as the header, padded), and each row's number. */
    public record Sheet(List<String> header, List<List<String>> rows, List<Integer> lines) {
    }

    /** The file could not be read; the message says why in words. */
    /**
     * A file that cannot be read as a spreadsheet: {@code getMessage()} says why for the log, {@link #say} for the person,
     * in the words of the page's message bundle.
     */
    public static final class Unreadable extends RuntimeException {
        private final transient java.util.function.Function<AppText, String> words;

        public Unreadable(String message, java.util.function.Function<AppText, String> words) {
            super(message);
            this.words = words;
        }

        public String say(AppText text) {
            return words.apply(text);
        }
    }

    private static final CsvMapper CSV = new CsvMapper();

    private Spreadsheets() {
    }

    /** Reads {@code bytes}: a workbook when they begin as a ZIP archive does, else CSV text. */
    public static Sheet read(byte[] bytes, int maxRows) {
        if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) return xlsx(bytes, maxRows);
        return csv(text(bytes), maxRows);
    }

    static Sheet csv(String text, int maxRows) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        int firstLine = text.indexOf('\n');
        String head = firstLine < 0 ? text : text.substring(0, firstLine);
        char separator = head.chars().filter(c -> c == ';').count() > head.chars().filter(c -> c == ',').count() ? ';' : ',';
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        List<List<String>> all = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).with(schema).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(text)) {
            int line = 0; // a spreadsheet's row, not a line of text: a cell may hold line breaks
            while (it.hasNext()) {
                line++;
                String[] cells = it.next();
                if (all.size() > maxRows) throw new Unreadable("the file has more than " + maxRows + " rows; split it", t -> t.sheet_too_many_rows(maxRows));
                all.add(List.of(cells));
                lines.add(line);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Unreadable u) throw u;
            String why = e.getMessage().lines().findFirst().orElse("");
            throw new Unreadable("the file is not CSV that can be read: " + why, t -> t.sheet_not_csv(why));
        }
        return sheet(all, lines);
    }

    private static Sheet xlsx(byte[] bytes, int maxRows) {
        List<List<String>> all = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(bytes))) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            if (!sheets.hasNext()) throw new Unreadable("the workbook has no sheet", AppText::sheet_no_sheet);
            try (InputStream first = sheets.next()) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, strings,
                        new Rows(all, lines, maxRows), new IsoDates(), false));
                xml.parse(new InputSource(first));
            }
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException | RuntimeException e) {
            if (e instanceof Unreadable u) throw u;
            throw new Unreadable("the file is not a workbook that can be read (XLSX): " + e.getMessage(), t -> t.sheet_not_xlsx(String.valueOf(e.getMessage())));
        }
        return sheet(all, lines);
    }

    /** Collects a sheet's rows, with empty cells where a row skips some. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final List<List<String>> all;
        private final List<Integer> lines;
        private final int maxRows;
        private final List<String> row = new ArrayList<>();

        Rows(List<List<String>> all, List<Integer> lines, int maxRows) {
            this.all = all;
            this.lines = lines;
            this.maxRows = maxRows;
        }

        @Override
        public void startRow(int rowNum) {
            if (all.size() > maxRows) throw new Unreadable("the file has more than " + maxRows + " rows; split it", t -> t.sheet_too_many_rows(maxRows));
            row.clear();
        }

        @Override
        public void endRow(int rowNum) {
            if (row.stream().allMatch(String::isEmpty)) return;
            all.add(List.copyOf(row));
            lines.add(rowNum + 1);
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = reference == null ? row.size() : new CellReference(reference).getCol();
            while (row.size() < column) row.add("");
            row.add(value == null ? "" : value);
        }
    }

    /** A cell's value as text: a date as an ISO date (or date and time), a number without grouping. */
    private static final class IsoDates extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                java.time.LocalDateTime t = DateUtil.getLocalDateTime(value);
                return t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toString();
            }
            java.math.BigDecimal exact = new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros();
            return exact.scale() < 0 ? exact.setScale(0).toPlainString() : exact.toPlainString();
        }
    }

    /** Rows padded to the header's width; blank header cells named by their column ("column 3"). */
    private static Sheet sheet(List<List<String>> all, List<Integer> lines) {
        if (all.isEmpty()) throw new Unreadable("the file is empty: its first row names the columns", AppText::sheet_empty);
        List<String> header = new ArrayList<>();
        for (String h : all.getFirst()) header.add(h.strip());
        while (!header.isEmpty() && header.getLast().isEmpty()) header.removeLast();
        if (header.isEmpty()) throw new Unreadable("the first row names no columns", AppText::sheet_no_columns);
        for (int i = 0; i < header.size(); i++) if (header.get(i).isEmpty()) header.set(i, "column " + (i + 1));
        List<List<String>> rows = new ArrayList<>(all.size() - 1);
        List<Integer> rowLines = new ArrayList<>(all.size() - 1);
        for (int i = 1; i < all.size(); i++) {
            List<String> cells = all.get(i);
            if (cells.stream().allMatch(c -> c.isBlank())) continue;
            for (int c = header.size(); c < cells.size(); c++) {
                if (!cells.get(c).isBlank()) {
                    int row = lines.get(i), column = c + 1;
                    throw new Unreadable("row " + row + " has a value in column " + column + ", which has no name in the first row",
                            t -> t.sheet_unnamed_column(row, column));
                }
            }
            List<String> row = new ArrayList<>(header.size());
            for (int c = 0; c < header.size(); c++) row.add(c < cells.size() ? cells.get(c).strip() : "");
            rows.add(row);
            rowLines.add(lines.get(i));
        }
        return new Sheet(List.copyOf(header), rows, rowLines);
    }

    /** Rows written as CSV (RFC 4180), the header first. */
    public static String write(List<String> header, List<List<String>> rows) {
        StringWriter out = new StringWriter();
        try (var generator = CSV.getFactory().createGenerator(out)) {
            generator.setSchema(CsvSchema.emptySchema().withLineSeparator("\n"));
            writeRow(generator, header);
            for (List<String> row : rows) writeRow(generator, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeRow(com.fasterxml.jackson.core.JsonGenerator generator, List<String> row) throws IOException {
        generator.writeStartArray();
        for (String cell : row) generator.writeString(cell);
        generator.writeEndArray();
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable("the file is neither an XLSX workbook nor CSV in UTF-8", AppText::sheet_neither);
        }
    }
}
