package io.tandemdns.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import io.tandemdns.zone.ZoneRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A processor over real zones, fed real bytes; responses come back as raw bytes and parsed. */
final class QueryHarness {
  static final InetSocketAddress CLIENT = client();

  final AtomicReference<ZoneRegistry> registry = new AtomicReference<>(ZoneRegistry.empty());
  final QueryProcessor processor;

  QueryHarness(QuerySettings settings, Zone... zones) {
    registry.set(ZoneRegistry.of(List.of(zones)));
    processor = new QueryProcessor(registry::get, settings);
  }

  static Zone zone(String origin, String... records) {
    Name o = Name.fromConstantString(origin);
    ZoneBuilder b = new ZoneBuilder(o);
    for (String r : records) {
      try {
        b.add(parse(r, o));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return b.build();
  }

  /** Parses "owner ttl type rdata" (owner relative to origin allowed). */
  private static Record parse(String line, Name origin) throws IOException {
    String[] parts = line.trim().split("\\s+", 4);
    Name owner = Name.fromString(parts[0], origin);
    long ttl = Long.parseLong(parts[1]);
    int type = Type.value(parts[2]);
    return Record.fromString(owner, type, DClass.IN, ttl, parts.length > 3 ? parts[3] : "", origin);
  }

  /** The example.com. zone most tests use. */
  static Zone example() {
    return zone(
        "example.com.",
        "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300",
        "@ 3600 NS ns1",
        "ns1 3600 A 192.0.2.53",
        "www 3600 A 192.0.2.1",
        "www 3600 AAAA 2001:db8::1");
  }

  static Message query(String name, int type) {
    return query(name, type, DClass.IN);
  }

  static Message query(String name, int type, int dclass) {
    Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, dclass));
    m.getHeader().setID(0x1234);
    return m;
  }

  /** Adds an OPT: payload, version, DO flag and options. */
  static Message withEdns(Message m, int payload, int version, boolean dnssecOk, org.xbill.DNS.EDNSOption... options) {
    m.addRecord(new OPTRecord(payload, 0, version, dnssecOk ? Flags.DO : 0, options), Section.ADDITIONAL);
    return m;
  }

  /** Raw response bytes, or null when the processor chose to send nothing. */
  byte[] raw(byte[] query, Transport transport) {
    ByteBuf in = Unpooled.wrappedBuffer(query);
    try {
      ByteBuf out = processor.process(in, CLIENT, transport, ByteBufAllocator.DEFAULT);
      if (out == null) {
        return null;
      }
      try {
        return ByteBufUtil.getBytes(out);
      } finally {
        out.release();
      }
    } finally {
      in.release();
    }
  }

  Message send(Message query, Transport transport) {
    return parse(raw(query.toWire(), transport));
  }

  Message udp(Message query) {
    return send(query, Transport.UDP);
  }

  Message tcp(Message query) {
    return send(query, Transport.TCP);
  }

  static Message parse(byte[] response) {
    if (response == null) {
      return null;
    }
    try {
      return new Message(response);
    } catch (IOException e) {
      throw new AssertionError("unparsable response", e);
    }
  }

  private static InetSocketAddress client() {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 5353);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
