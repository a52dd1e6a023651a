/** Placing labels where nothing else is: pure geometry for the swimlane. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much two boxes overlap (area; 0 when they only touch or are apart). */
export function overlapArea(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * The first candidate that overlaps none of `taken`, else the one that overlaps
 * them least (the earliest of equals): candidates come in order of preference.
 */
export function firstClear<C>(
  candidates: readonly C[],
  boxOf: (candidate: C) => Box,
  taken: readonly Box[],
): C {
  let best: C | undefined;
  let bestOverlap = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const box = boxOf(candidate);
    let overlap = 0;
    for (const other of taken) overlap += overlapArea(box, other);
    if (overlap === 0) return candidate;
    if (overlap < bestOverlap) {
      best = candidate;
      bestOverlap = overlap;
    }
  }
  if (best === undefined) throw new Error('firstClear needs at least one candidate');
  return best;
}

export interface Span {
  from: number;
  to: number;
}
const apart = (a: Span, b: Span, gap: number) => a.to + gap <= b.from || b.to + gap <= a.from;

/**
 * Rows for labels on one line (the swimlane's messages leaving the lanes), each in
 * the lowest row where it clears the labels there and their lines (a label starts
 * right of its own line). A line rising to a higher row crosses the rows below:
 * labels are drawn over lines, so that is left legible. Answers each item's row.
 */
export function stackInRows(items: readonly { label: Span; line: Span }[], gap = 10): number[] {
  const placed: { label: Span; line: Span; row: number }[] = [];
  return items.map((item) => {
    let row = 0;
    while (
      placed.some(
        (other) =>
          other.row === row &&
          !(
            apart(item.label, other.label, gap) &&
            apart(item.line, other.label, 2) &&
            apart(item.label, other.line, 2)
          ),
      )
    )
      row++;
    placed.push({ ...item, row });
    return row;
  });
}
