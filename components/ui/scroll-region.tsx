/**
 * A table wrapper that scrolls sideways on narrow screens. It is focusable and named,
 * so keyboard users can scroll it too (WCAG 2.1.1, axe "scrollable-region-focusable").
 */
export function ScrollRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
