package io.gceemu.faults;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault rules of one node, shared by its routers (which run on several event loops, hence a
 * concurrent map). The first rule, in the order they were added, that applies to a request acts.
 */
public final class FaultRules {

  private final Map<Long, FaultRule> rules = new ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();

  public FaultRule add(JsonObject spec) {
    FaultRule rule = new FaultRule(ids.incrementAndGet(), spec);
    rules.put(rule.id(), rule);
    return rule;
  }

  public List<FaultRule> all() {
    return List.copyOf(rules.values());
  }

  public boolean remove(long id) {
    return rules.remove(id) != null;
  }

  public void clear() {
    rules.clear();
  }

  /** No rules: the usual case, which every request checks first. */
  public boolean none() {
    return rules.isEmpty();
  }

  public Optional<FaultRule> match(String method, String project, String zone) {
    return rules.values().stream().filter(rule -> rule.applies(method, project, zone)).findFirst();
  }
}
