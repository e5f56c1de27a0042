package io.tandemdns.server.config;

import java.nio.file.Path;
import org.xbill.DNS.Name;

/** One served zone from a master file. Zone-sync roles (primary/secondary) come with issue 3. */
public record ZoneConfig(Name origin, Path file) {}
