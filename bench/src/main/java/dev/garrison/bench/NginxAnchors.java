package dev.garrison.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The anchors of the WAF benchmark in one nginx ({@code nginx -c FILE -p DIR}): the upstream app
 * (a fixed 200 answer), nginx as a plain reverse proxy to it, and nginx with ModSecurity running
 * the OWASP Core Rule Set at paranoia level 1 in blocking mode in front of it.
 */
public final class NginxAnchors implements AutoCloseable {
    private static final String MODULE = "/usr/lib/nginx/modules/ngx_http_modsecurity_module.so";

    public final int upstream;
    public final int proxy;
    public final int modsecurity;
    private final Process nginx;

    private NginxAnchors(int upstream, int proxy, int modsecurity, Process nginx) {
        this.upstream = upstream;
        this.proxy = proxy;
        this.modsecurity = modsecurity;
        this.nginx = nginx;
    }

    /** Writes the configuration under {@code dir} and starts nginx on the three ports. */
    public static NginxAnchors start(Path dir, int upstream, int proxy, int modsecurity) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("modsecurity.conf"), """
                Include /etc/nginx/modsecurity.conf
                SecRuleEngine On
                SecAuditEngine Off
                SecDebugLogLevel 0
                Include /etc/modsecurity/crs/crs-setup.conf
                Include /etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf
                Include /usr/share/modsecurity-crs/rules/*.conf
                Include /etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf
                """);
        String proxied = """
                        location / {
                            proxy_pass http://app;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header X-Forwarded-For $remote_addr;
                        }
                """;
        Files.writeString(dir.resolve("nginx.conf"), """
                load_module %s;
                worker_processes 2;
                daemon off;
                pid %s/nginx.pid;
                error_log %s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %s/tmp/body;
                    proxy_temp_path %s/tmp/proxy;
                    fastcgi_temp_path %s/tmp/fastcgi;
                    uwsgi_temp_path %s/tmp/uwsgi;
                    scgi_temp_path %s/tmp/scgi;
                    keepalive_requests 1000000;
                    upstream app { server 127.0.0.1:%d; keepalive 256; }
                    server {
                        listen 127.0.0.1:%d;
                        location / { return 200 "ok\\n"; }
                    }
                    server {
                        listen 127.0.0.1:%d;
                %s    }
                    server {
                        listen 127.0.0.1:%d;
                        modsecurity on;
                        modsecurity_rules_file %s/modsecurity.conf;
                %s    }
                }
                """.formatted(MODULE, dir, dir, dir, dir, dir, dir, dir, upstream, upstream, proxy, proxied, modsecurity, dir,
                proxied));
        Process nginx = new ProcessBuilder("nginx", "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        // a benchmark stopped with Ctrl-C or a kill never reaches close(): nginx would go on holding its ports
        Runtime.getRuntime().addShutdownHook(new Thread(nginx::destroy));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket a = new Socket("127.0.0.1", upstream); Socket b = new Socket("127.0.0.1", modsecurity)) {
                return new NginxAnchors(upstream, proxy, modsecurity, nginx);
            } catch (IOException e) {
                if (!nginx.isAlive() || System.nanoTime() > deadline) {
                    nginx.destroy();
                    throw new IOException("nginx did not start: " + Files.readString(dir.resolve("logs/stdout.log"))
                            + (Files.exists(dir.resolve("logs/error.log")) ? Files.readString(dir.resolve("logs/error.log")) : ""), e);
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        nginx.destroy();
        nginx.waitFor();
    }
}
