package org.threadlab.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"50ms,50000000", "2s,2000000000", "1.5s,1500000000", "250us,250000", "100ns,100", "1m,60000000000",
        "0ms,0", "0.5ms,500000", " 7ms ,7000000"})
    void parsesEveryUnit(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "5", "-1ms", "5 ms", "1h", "1e3ms", "5MS", "1.ms", "99999999999999m"})
    void rejectsWhatIsNotADuration(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals(true, e.getMessage().contains("duration"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"2000000000,2s", "1500000000,1500ms", "50000000,50ms", "250000,250us", "1500,1500ns", "0,0s"})
    void formatsShortestExactAndRoundTrips(long nanos, String text) {
        assertEquals(text, Durations.format(Duration.ofNanos(nanos)));
        assertEquals(Duration.ofNanos(nanos), Durations.parse(text));
    }
}
