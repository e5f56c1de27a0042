package io.tandemdns.server.cli;

import io.tandemdns.server.config.ConfigException;
import io.tandemdns.server.config.ConfigFile;
import io.tandemdns.server.config.ListenAddress;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.control.ControlSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How the operator commands reach a running server's control endpoint: {@code --control} and
 * {@code --token}/{@code --token-file}, or both read from {@code --config tandem.yaml}.
 */
final class ControlOptions {
  @Option(names = "--control", paramLabel = "ADDR:PORT",
      description = "the server's control endpoint (default: from --config, else 127.0.0.1:5380)")
  String control;

  @Option(names = "--token", paramLabel = "TOKEN", description = "control token (default: from --config)")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the control token")
  Path tokenFile;

  @Option(names = "--config", paramLabel = "FILE", description = "the server's tandem.yaml (control address and token)")
  Path config;

  /** A failure to report in one line, with the exit code. */
  static final class CliFailure extends Exception {
    final int exit;

    CliFailure(int exit, String message) {
      super(message);
      this.exit = exit;
    }
  }

  record Reply(int status, String body) {}

  Reply get(String path, boolean text) throws CliFailure {
    return send("GET", path, text);
  }

  Reply post(String path) throws CliFailure {
    return send("POST", path, false);
  }

  private Reply send(String method, String path, boolean text) throws CliFailure {
    InetSocketAddress address = address();
    String secret = token();
    String host = address.getAddress().getHostAddress();
    String authority = host.contains(":") ? "[" + host + "]:" + address.getPort() : host + ":" + address.getPort();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + authority + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", text ? "text/plain" : "application/json");
    if (method.equals("POST")) {
      b.POST(HttpRequest.BodyPublishers.noBody());
      if (secret != null) {
        b.header("Authorization", "Bearer " + secret);
      }
    } else {
      b.GET();
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new CliFailure(1, "cannot reach the control endpoint at " + authority
          + ": connection refused (is `tandem serve` running with a control: section?)");
    } catch (IOException e) {
      throw new CliFailure(1, "control endpoint at " + authority + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(1, "interrupted");
    }
    if (r.statusCode() == 401) {
      throw new CliFailure(1, "the server wants a token: give --token, --token-file or --config (" + message(r.body()) + ")");
    }
    if (r.statusCode() == 403) {
      throw new CliFailure(1, "refused by the server: " + message(r.body()));
    }
    return new Reply(r.statusCode(), r.body());
  }

  /** The "error" member of a JSON error body, or the body. */
  static String message(String body) {
    int i = body.indexOf("\"error\":\"");
    if (i < 0) {
      return body.trim();
    }
    int start = i + 9;
    int end = body.indexOf('"', start);
    while (end > 0 && body.charAt(end - 1) == '\\') {
      end = body.indexOf('"', end + 1);
    }
    return end < 0 ? body.substring(start) : body.substring(start, end).replace("\\\"", "\"");
  }

  private ServerConfig readConfig() throws CliFailure {
    try {
      return config == null ? null : ConfigFile.read(config);
    } catch (ConfigException e) {
      throw new CliFailure(2, e.getMessage());
    }
  }

  InetSocketAddress address() throws CliFailure {
    if (control != null) {
      try {
        return ListenAddress.parse(control);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(2, "--control: " + e.getMessage());
      }
    }
    ServerConfig cfg = readConfig();
    if (cfg != null && cfg.ops().control().enabled()) {
      return cfg.ops().control().listen();
    }
    return ControlSettings.defaultListen();
  }

  private String token() throws CliFailure {
    if (token != null) {
      return token;
    }
    if (tokenFile != null) {
      try {
        return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new CliFailure(2, "--token-file " + tokenFile + ": " + e.getMessage());
      }
    }
    ServerConfig cfg = readConfig();
    return cfg == null ? null : cfg.ops().control().token();
  }
}
