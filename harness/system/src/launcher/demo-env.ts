/**
 * Saga timeouts for runs that inject faults. Short enough that the payment-timeout
 * scenario finishes in seconds; long enough that a 5 s broker outage, or a payment
 * restart that waits ~6 s for Kafka to expire the killed consumer's session
 * (the inbox consumer's sessionTimeout), does not trip them.
 */
export function sagaTimeoutEnv(paymentTimeoutMs: number): Record<string, string> {
  const others = String(Math.max(paymentTimeoutMs, 8_000));
  return {
    STOCK_TIMEOUT_MS: others,
    PAYMENT_TIMEOUT_MS: String(paymentTimeoutMs),
    COMPENSATION_STEP_TIMEOUT_MS: others,
    COMPENSATION_MAX_ATTEMPTS: '5',
    DEADLINE_POLL_MS: '200',
  };
}

export const defaultDemoPaymentTimeoutMs = 20_000;
