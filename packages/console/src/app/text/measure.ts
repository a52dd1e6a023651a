/** How wide a line of SVG text will be: layouts reserve room for labels before they are drawn. */
export interface Font {
  size: number;
  bold?: boolean;
}
export type Measure = (text: string, font: Font) => number;

/**
 * Without a browser (tests): DejaVu Sans' mean advance is about 0.6 em for this
 * mix of capitals and lowercase, a little more in bold; erring wide costs only room.
 */
export const estimateWidth: Measure = (text, font) => text.length * font.size * (font.bold ? 0.68 : 0.62);

/** In the browser: the canvas measures in the page's own font; the estimate when there is no canvas. */
export function browserMeasure(): Measure {
  const context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (context === null) return estimateWidth;
  const family = getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
  const cache = new Map<string, number>();
  return (text, font) => {
    const spec = `${font.bold ? 'bold ' : ''}${font.size}px ${family}`;
    const key = `${spec}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      context.font = spec;
      width = context.measureText(text).width;
      cache.set(key, width);
    }
    return width;
  };
}

let shared: Measure | undefined;
/** One browserMeasure for the page (its cache shared). */
export function pageMeasure(): Measure {
  shared ??= browserMeasure();
  return shared;
}

/** `text`, cut with an ellipsis to fit `width` (whole when it fits): node boxes have a fixed width. */
export function fitText(text: string, width: number, font: Font, measure: Measure = estimateWidth): string {
  if (measure(text, font) <= width) return text;
  let keep = text.length - 1;
  while (keep > 0 && measure(`${text.slice(0, keep)}…`, font) > width) keep--;
  return `${text.slice(0, keep)}…`;
}
