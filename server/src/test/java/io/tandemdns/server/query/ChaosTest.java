package io.tandemdns.server.query;

import static io.tandemdns.server.query.QueryHarness.example;
import static io.tandemdns.server.query.QueryHarness.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** CHAOS-class server identification (RFC 4892 for id.server; BIND conventions for the rest). */
class ChaosTest {
  private final QueryHarness configured =
      new QueryHarness(QuerySettings.defaults().withVersion("Tandem 0.1").withIdentity("ns-a.example"), example());
  private final QueryHarness defaults = new QueryHarness(QuerySettings.defaults(), example());
  private final QueryHarness disabled =
      new QueryHarness(QuerySettings.defaults().withVersion(null).withIdentity(null), example());

  @ParameterizedTest(name = "{0} TXT")
  @CsvSource({
    "version.bind., Tandem 0.1",
    "VERSION.Bind., Tandem 0.1",
    "version.server., Tandem 0.1",
    "id.server., ns-a.example",
    "hostname.bind., ns-a.example",
  })
  void answeredFromSettings(String name, String text) {
    for (Transport t : Transport.values()) {
      Message r = configured.send(query(name, Type.TXT, DClass.CH), t);
      assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(r.getHeader().getFlag(Flags.AA)).as("no CH zone, so not authoritative (as Knot)").isFalse();
      assertThat(r.getSection(Section.ANSWER)).singleElement().satisfies(rr -> {
        assertThat(rr.getDClass()).isEqualTo(DClass.CH);
        assertThat(rr.getName().toString()).isEqualTo(name);
        assertThat(((TXTRecord) rr).getStrings()).isEqualTo(List.of(text));
      });
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "version.bind., TXT, NOERROR, REFUSED",
    "id.server., TXT, REFUSED, REFUSED",
    "hostname.bind., TXT, REFUSED, REFUSED",
    "version.bind., A, REFUSED, REFUSED",
    "authors.bind., TXT, REFUSED, REFUSED",
    "www.example.com., A, REFUSED, REFUSED",
  })
  void refusedWhenUnsetOrUnknown(String name, String type, String withDefaults, String whenDisabled) {
    Message q = query(name, Type.value(type), DClass.CH);
    assertThat(Rcode.string(defaults.udp(q).getRcode())).isEqualTo(withDefaults);
    Message r = disabled.udp(q);
    assertThat(Rcode.string(r.getRcode())).isEqualTo(whenDisabled);
    assertThat(r.getSection(Section.ANSWER)).isEmpty();
    assertThat(r.getQuestion()).isEqualTo(q.getQuestion());
  }
}
