/**
 * Offers `rate` operations per second for `seconds`, open loop: an operation starts
 * at its scheduled time whether or not earlier ones have finished (up to
 * `maxInFlight`), so a slow system shows up as latency, not as a lower offered rate.
 */
export async function offerSteadyLoad(
  rate: number,
  seconds: number,
  operation: (index: number) => Promise<void>,
  maxInFlight = 64,
): Promise<{ issued: number; lateStarts: number }> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  let issued = 0;
  let lateStarts = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    while (issued < due) {
      if (inFlight.size >= maxInFlight) {
        lateStarts += 1;
        await Promise.race(inFlight);
        continue;
      }
      const running = operation(issued).finally(() => inFlight.delete(running));
      inFlight.add(running);
      issued += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  return { issued, lateStarts };
}
