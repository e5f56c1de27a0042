package io.tandemdns.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.server.transport.Listeners;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenAddressTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.1:5353, 127.0.0.1:5353",
    "192.0.2.1, 192.0.2.1:53",
    "0.0.0.0:0, 0.0.0.0:0",
    "'[::1]:5353', '[::1]:5353'",
    "'[2001:db8::1]', '[2001:db8::1]:53'",
    "'2001:db8::53', '[2001:db8::53]:53'",
    "' 10.0.0.1:80 ', 10.0.0.1:80",
  })
  void parses(String text, String expected) {
    assertThat(Listeners.format(ListenAddress.parse(text))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "localhost:53, not an IP address",
    "ns1.example.com, not an IP address",
    "127.0.0.1:99999, not in 0..65535",
    "127.0.0.1:x, not a number",
    "'[::1', no closing",
    "'[::1]53', expected ':port'",
    "300.1.1.1:53, not an IP address",
  })
  void rejects(String text, String problem) {
    assertThatThrownBy(() -> ListenAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }
}
