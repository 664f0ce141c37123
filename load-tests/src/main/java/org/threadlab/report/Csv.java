package org.threadlab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV through Jackson's CSV module: a header and rows of text cells, written with RFC 4180's
 * quoting (a cell is quoted only when it holds a comma, a quote or a line break) and read back the
 * same way. A null cell is written empty.
 */
public final class Csv {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .build();

    private Csv() {
    }

    /** The header line, then one line per row. */
    public static String write(List<String> header, List<? extends List<String>> rows) {
        List<List<String>> lines = new ArrayList<>(rows.size() + 1);
        lines.add(header);
        lines.addAll(rows);
        try {
            return MAPPER.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CSV: " + e.getOriginalMessage(), e);
        }
    }

    /** Every record of {@code text}, the header first. */
    public static List<List<String>> read(String text) throws JsonProcessingException {
        return MAPPER.readerFor(new TypeReference<List<List<String>>>() { }).readValue(text);
    }
}
