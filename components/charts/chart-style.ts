// The dashboard charts' shared look: quiet axes and a tooltip on the popover colours.

export const AXIS = {
  tickLine: false,
  axisLine: false,
  fontSize: 12,
  stroke: "var(--muted-foreground)",
} as const;

export const TOOLTIP_STYLE = {
  background: "var(--popover)",
  border: "1px solid var(--border)",
  borderRadius: 8,
} as const;
