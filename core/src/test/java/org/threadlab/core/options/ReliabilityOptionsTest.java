package org.threadlab.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits and timeouts behind the reliability guarantees: shutdown, idle and read timeouts, size limits. */
class ReliabilityOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "virtual", "reactive"})
    void defaultsAreTheSameForEveryModel(String model) {
        ServerOptions o = ServerOptions.parse(model);
        assertEquals(Duration.ofSeconds(10), o.shutdownTimeout());
        assertEquals(Duration.ofSeconds(30), o.idleTimeout());
        assertEquals(Duration.ofSeconds(10), o.readTimeout());
        assertEquals(8 * 1024, o.maxHeaderSize());
        assertEquals(4096, o.maxRequestLine());
    }

    @Test
    void everyReliabilityFlagIsParsed() {
        ServerOptions o = ServerOptions.parse("blocking", "--shutdown-timeout", "2.5s", "--idle-timeout", "750ms",
                "--read-timeout", "1s", "--max-header-size", "16384", "--max-request-line", "8192");
        assertEquals(Duration.ofMillis(2500), o.shutdownTimeout());
        assertEquals(Duration.ofMillis(750), o.idleTimeout());
        assertEquals(Duration.ofSeconds(1), o.readTimeout());
        assertEquals(16384, o.maxHeaderSize());
        assertEquals(8192, o.maxRequestLine());
    }

    @Test
    void boundariesThatAreAllowed() {
        ServerOptions low = ServerOptions.parse("virtual", "--shutdown-timeout", "0s", "--idle-timeout", "1ms",
                "--read-timeout", "1ms", "--max-header-size", "1024", "--max-request-line", "256");
        assertEquals(Duration.ZERO, low.shutdownTimeout(), "0 = close at once, without waiting");
        assertEquals(1024, low.maxHeaderSize());
        assertEquals(256, low.maxRequestLine());
        ServerOptions high = ServerOptions.parse("virtual", "--max-header-size", "1048576",
                "--max-request-line", "1048576", "--idle-timeout", "60m");
        assertEquals(1024 * 1024, high.maxHeaderSize());
        assertEquals(Duration.ofHours(1), high.idleTimeout());
    }

    @Test
    void theyAreRecordedWithTheOtherSettingsAndRoundTrip() {
        ServerOptions o = ServerOptions.parse("reactive", "--port", "0", "--shutdown-timeout", "1500ms",
                "--idle-timeout", "2s", "--read-timeout", "250ms", "--max-header-size", "4000",
                "--max-request-line", "300");
        Map<String, Object> m = o.asMap();
        assertEquals("1500ms", m.get("shutdown-timeout"));
        assertEquals("2s", m.get("idle-timeout"));
        assertEquals("250ms", m.get("read-timeout"));
        assertEquals(4000, m.get("max-header-size"));
        assertEquals(300, m.get("max-request-line"));
        List<String> args = new ArrayList<>();
        m.forEach((flag, value) -> {
            args.add("--" + flag);
            args.add(String.valueOf(value));
        });
        assertEquals(m, ServerOptions.parse("reactive", args.toArray(String[]::new)).asMap());
    }

    @Test
    void usageNamesThemWithTheirDefaults() {
        String usage = ServerOptions.usage("blocking");
        for (String text : List.of("--shutdown-timeout", "--idle-timeout", "--read-timeout", "--max-header-size",
                "--max-request-line", "(default: 10s)", "(default: 30s)", "(default: 8192)", "(default: 4096)",
                "431", "414")) {
            assertTrue(usage.contains(text), () -> text + " missing from usage:\n" + usage);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "shutdown timeout negative      | --shutdown-timeout -1s    | '-1s' is not a duration",
        "shutdown timeout without unit  | --shutdown-timeout 10     | '10' is not a duration",
        "idle timeout zero              | --idle-timeout 0s         | --idle-timeout",
        "idle timeout below 1ms         | --idle-timeout 500us      | --idle-timeout",
        "read timeout zero              | --read-timeout 0ms        | --read-timeout",
        "read timeout not a duration    | --read-timeout soon       | 'soon' is not a duration",
        "header size too small          | --max-header-size 1023    | --max-header-size",
        "header size too large          | --max-header-size 1048577 | --max-header-size",
        "header size not a number       | --max-header-size 8k      | 8k",
        "request line too small         | --max-request-line 255    | --max-request-line",
        "request line too large         | --max-request-line 2000000 | --max-request-line",
        "request line negative          | --max-request-line -1     | --max-request-line",
    })
    void badValuesAreRejectedWithOneLine(String why, String args, String mentioned) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse("blocking", args.trim().split(" ")), why);
        String message = e.getMessage();
        assertFalse(message.contains("\n"), () -> why + ": not one line: " + message);
        assertTrue(message.contains(mentioned), () -> why + ": '" + message + "' should mention " + mentioned);
        assertFalse(message.contains("Exception") || message.contains("java."), () -> why + ": " + message);
    }
}
