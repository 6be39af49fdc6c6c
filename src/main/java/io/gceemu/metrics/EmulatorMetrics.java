package io.gceemu.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The emulator's Prometheus metrics ({@code GET /metrics}): requests by GCE method and status with
 * their latency, group-commit batch sizes and commit latency, and per zone its instances by
 * status, operations in flight and requests waiting. Zone figures are published by each zone's own
 * event loop and read at scrape time; Micrometer's meters are safe to use from any thread.
 */
public final class EmulatorMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Latency histogram buckets, from a cached read to a long poll. */
  private static final Duration[] LATENCY_BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 60_000)
    .map(Duration::ofMillis).toArray(Duration[]::new);

  private final Map<String, Double> zoneValues = new ConcurrentHashMap<>();
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final DistributionSummary batchSizes = DistributionSummary.builder("gce_commit_batch_size")
    .description("Mutations and operation steps written per group commit").publishPercentileHistogram().register(registry);
  private final Timer commits = Timer.builder("gce_commit")
    .description("Time from sending a group commit to Postgres to its commit").publishPercentileHistogram().register(registry);

  public void request(String gceMethod, int status, long nanos) {
    // Looked up once per method and status, not built per request: this runs for every request.
    requestTimers.computeIfAbsent(gceMethod + " " + status, key -> Timer.builder("gce_requests")
        .description("API requests by GCE method and HTTP status").tags("method", gceMethod, "status", Integer.toString(status))
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry))
      .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void commit(int batchSize, long nanos) {
    batchSizes.record(batchSize);
    commits.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A zone's figures now: instances per status, operations in flight, requests waiting. */
  public void zone(String zone, Map<String, Long> instancesByStatus, long operationsInFlight, long waiting) {
    instancesByStatus.forEach((status, count) -> gauge("gce_instances", "Instances by zone and status", zone, status, count));
    gauge("gce_operations_in_flight", "Operations not DONE yet", zone, null, operationsInFlight);
    gauge("gce_zone_waiting_requests", "Requests queued in the zone's actor (its event-bus backlog)", zone, null, waiting);
  }

  /** A zone this node no longer serves reports nothing (another node does). */
  public void forget(String zone) {
    zoneValues.keySet().removeIf(key -> key.split("\\|", -1)[1].equals(zone));
    registry.getMeters().stream().filter(meter -> zone.equals(meter.getId().getTag("zone"))).forEach(registry::remove);
  }

  public String scrape() {
    return registry.scrape();
  }

  private void gauge(String name, String description, String zone, String status, long value) {
    String key = name + "|" + zone + "|" + (status == null ? "" : status);
    if (zoneValues.put(key, (double) value) == null) {
      Gauge.Builder<Map<String, Double>> gauge = Gauge.builder(name, zoneValues, values -> values.getOrDefault(key, 0.0))
        .description(description).tag("zone", zone);
      if (status != null) {
        gauge.tag("status", status);
      }
      gauge.register(registry);
    }
  }
}
