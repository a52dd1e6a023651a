/**
 * Applies `items` as one unit; when that fails, splits them in two halves, earlier
 * first, and applies each the same way, down to single items, which go to `single`
 * (which retries and gives up on its own terms). Every item that can take effect
 * does, in order, and a failing one costs about log2(n) extra attempts of the
 * batches around it.
 */
export async function applyIsolating<T>(
  items: readonly T[],
  whole: (items: readonly T[]) => Promise<void>,
  single: (item: T) => Promise<void>,
  onSplit: (size: number, error: unknown) => void = () => {},
): Promise<void> {
  if (items.length === 0) return;
  if (items.length === 1) {
    await single(items[0] as T);
    return;
  }
  try {
    await whole(items);
  } catch (error) {
    onSplit(items.length, error);
    const middle = Math.ceil(items.length / 2);
    await applyIsolating(items.slice(0, middle), whole, single, onSplit);
    await applyIsolating(items.slice(middle), whole, single, onSplit);
  }
}
