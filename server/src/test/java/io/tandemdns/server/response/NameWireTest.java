package io.tandemdns.server.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;

class NameWireTest {
  @Test
  void readsThePinnedDnsjavaNamesInPlace() {
    // If a dnsjava upgrade changes how Name stores its bytes, the encoder falls back to copying;
    // this says so instead of letting the speed go quietly.
    assertThat(NameWire.direct()).isTrue();
  }

  @Test
  void bytesEqualNameToWireForEveryWayANameIsMade() throws Exception {
    Name www = Name.fromString("WWW.Example.COM.");
    List<Name> names = List.of(
        Name.root,
        www,
        new Name(www, 1),
        new Name(www, 3),
        Name.concatenate(Name.fromString("a"), www),
        Name.fromString("x.y", Name.fromString("Example.com.")),
        www.wild(1),
        new Name(new DNSInput(www.toWire())),
        Name.fromString("\\000.\\255.x."));
    for (Name n : names) {
      assertThat(NameWire.of(n)).as(n.toString()).isEqualTo(n.toWire());
    }
  }
}
