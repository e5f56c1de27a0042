package io.tandemdns.zone.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.zone.diff.Serial.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 1982 §3.2 with SERIAL_BITS = 32, including the wrap across 2^32 and the undefined pair. */
class SerialTest {
  @ParameterizedTest(name = "{0} vs {1} is {2}")
  @CsvSource({
    "1, 1, EQUAL",
    "2, 1, NEWER",
    "1, 2, OLDER",
    "0, 4294967295, NEWER", // 2^32-1 + 1 wraps to 0
    "4294967295, 0, OLDER",
    "5, 4294967290, NEWER", // 11 steps across the wrap
    "2147483647, 0, NEWER", // 2^31 - 1 ahead: still defined
    "2147483648, 0, UNDEFINED", // exactly 2^31 apart (RFC 1982 §3.2)
    "0, 2147483648, UNDEFINED",
    "2147483649, 0, OLDER",
  })
  void order(long a, long b, Order expected) {
    assertThat(Serial.order(a, b)).isEqualTo(expected);
    assertThat(Serial.isNewer(a, b)).isEqualTo(expected == Order.NEWER);
  }

  @Test
  void dnsjavaCallsTheUndefinedCaseOlderBothWays() {
    // Why we do not use org.xbill.DNS.Serial.compare for "is newer" decisions directly.
    assertThat(org.xbill.DNS.Serial.compare(1L << 31, 0)).isNegative();
    assertThat(org.xbill.DNS.Serial.compare(0, 1L << 31)).isNegative();
    assertThat(Serial.isNewer(1L << 31, 0)).isFalse();
    assertThat(Serial.isNewer(0, 1L << 31)).isFalse();
  }

  @Test
  void addWrapsAndMayYieldZero() {
    assertThat(Serial.add(4294967295L, 1)).isZero();
    assertThat(Serial.add(4294967290L, 10)).isEqualTo(4);
    assertThatThrownBy(() -> Serial.add(1, 1L << 31)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outOfRangeValuesAreRejected() {
    assertThatThrownBy(() -> Serial.order(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Serial.order(0, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
  }
}
