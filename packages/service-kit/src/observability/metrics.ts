import { type OutboxDatabase, type OutboxMetrics, registerOutboxMetrics } from '@sagaflow/outbox';
import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerConsumerLag } from './metrics-consumer-lag.js';

/** A service instance's metrics: its own registry, never prom-client's global one. */
export interface ServiceMetrics {
  registry: Registry;
  /** Observers for the service's relay and inbox consumer. */
  outbox: OutboxMetrics;
}

/**
 * One registry per service instance, so several services in one process (the
 * in-process tests) keep their figures apart. Every series carries the service's
 * name as the `service` label; the process's own metrics (CPU, memory, event loop,
 * GC) keep prom-client's standard names, which stock dashboards know.
 */
export function createServiceMetrics(source: {
  serviceName: string;
  db: OutboxDatabase;
  admin: Admin;
  /** The consumer group and its topics as on the wire, prefix included. */
  groupId: string;
  topics: readonly string[];
  logger: Logger;
}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: source.serviceName });
  collectDefaultMetrics({ register: registry });
  registerConsumerLag(registry, source);
  return { registry, outbox: registerOutboxMetrics(registry, { db: source.db }) };
}
