/**
 * Errors that say the cluster cannot take writes right now, whatever the message:
 * the relay waits for the broker instead of charging the failure to the messages,
 * so an outage never sends a healthy message to dead letters. Topic-level errors
 * (unknown topic, authorization, metadata) are not among them: those are isolated
 * to the messages that caused them, so one bad topic cannot stall every key.
 */
const unavailableErrorNames = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
]);

const unavailableProtocolTypes = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'BROKER_NOT_AVAILABLE',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_CONTROLLER',
]);

interface KafkaLikeError {
  name?: string;
  type?: string;
  originalError?: unknown;
  cause?: unknown;
  errors?: unknown[];
}

export function isBrokerUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const candidate = error as KafkaLikeError;
  if (candidate.name && unavailableErrorNames.has(candidate.name)) return true;
  if (candidate.type && unavailableProtocolTypes.has(candidate.type)) return true;
  if (isBrokerUnavailable(candidate.originalError, depth + 1)) return true;
  if (isBrokerUnavailable(candidate.cause, depth + 1)) return true;
  return (candidate.errors ?? []).some((inner) => isBrokerUnavailable(inner, depth + 1));
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const type = protocolType(error);
  return type ? `${error.name} ${type}: ${error.message}` : `${error.name}: ${error.message}`;
}

/** The Kafka error code name, which kafkajs often keeps on a wrapped cause. */
function protocolType(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const candidate = error as KafkaLikeError;
  return (
    candidate.type ??
    protocolType(candidate.cause, depth + 1) ??
    protocolType(candidate.originalError, depth + 1)
  );
}
