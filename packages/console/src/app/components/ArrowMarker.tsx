/** An SVG arrowhead for `marker-end: url(#id)`; `size` in user units, `className` styles its fill. */
export function ArrowMarker({ id, size, className }: { id: string; size: number; className: string }) {
  return (
    <marker
      id={id}
      viewBox="0 0 10 10"
      refX="9"
      refY="5"
      markerWidth={size}
      markerHeight={size}
      orient="auto"
    >
      <path d="M0,0 L10,5 L0,10 z" className={className} />
    </marker>
  );
}
