/**
 * Charts drawn on the server: series in, SVG geometry out. A React component
 * turns these plain objects into <rect>, <path>, <line> and <text>; nothing here
 * knows about React or the DOM, so a chart is tested as numbers and works
 * without JavaScript in the browser.
 *
 * Coordinates are SVG user units (y grows downwards), rounded to 0.01 so the
 * markup is stable. The value axis always includes 0 and ends on a "nice" tick
 * (1, 2 or 5 times a power of ten), so bars are read against round numbers.
 */

export type Margin = { top: number; right: number; bottom: number; left: number };
export type Rect = { x: number; y: number; width: number; height: number };
/** A tick on the value axis: its value and where it sits along that axis (y when vertical, x when horizontal). */
export type Tick = { value: number; position: number };

export type ChartOptions = {
  width?: number;
  height?: number;
  margin?: Partial<Margin>;
  /** About how many steps the value axis has; the nice step decides the exact number. */
  ticks?: number;
  /** Counts: ticks on whole numbers only. */
  integer?: boolean;
};

export type BarChartOptions = ChartOptions & {
  /** "vertical" bars grow up from the bottom; "horizontal" bars grow right (for long names, such as institutions). */
  orientation?: "vertical" | "horizontal";
  /** Share of each band left empty between bars, 0 to 0.9. */
  gap?: number;
};

export type BarDatum = { label: string; value: number; secondary?: number };

export type Bar = Rect & {
  label: string;
  value: number;
  /** The middle of the bar's band, on the category axis, for its label. */
  labelAt: { x: number; y: number };
  /** The bar's far end, for a value written beside it. */
  endAt: { x: number; y: number };
  /** Drawn over the bar, from the same baseline: the part of the whole (substantiated of alleged, answered in time of answered). */
  secondary?: Rect & { value: number };
};

export type BarChart = {
  width: number;
  height: number;
  orientation: "vertical" | "horizontal";
  plot: Rect;
  /** Where the zero line is drawn along the value axis. */
  baseline: number;
  min: number;
  max: number;
  ticks: Tick[];
  bars: Bar[];
};

export type LinePoint = { label: string; value: number };

export type LineChartOptions = ChartOptions & {
  /** At most this many labels on the x axis (every k-th point is labelled; the others still get a point). */
  maxLabels?: number;
};

export type LineChart = {
  width: number;
  height: number;
  plot: Rect;
  baseline: number;
  min: number;
  max: number;
  ticks: Tick[];
  points: { label: string; value: number; x: number; y: number; labelled: boolean }[];
  /** The line through the points ("M x y L x y …"); "" without points. */
  path: string;
  /** The same line closed along the baseline, for a filled area; "" without points. */
  area: string;
};

const DEFAULT_MARGIN: Margin = { top: 16, right: 16, bottom: 40, left: 48 };

function round(n: number): number {
  return Math.round(n * 100) / 100 + 0; // + 0 turns -0 into 0
}

function decimalsOf(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** The nice step for about `count` steps over `range`: 1, 2 or 5 times a power of ten. */
export function niceStep(range: number, count = 5, integer = false): number {
  if (!(range > 0) || !Number.isFinite(range)) return 1;
  const raw = range / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normal = raw / magnitude;
  const step = (normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 5 ? 5 : 10) * magnitude;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/** Ticks from a nice number at or below min(0, min) to one at or above max(0, max). */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  const low = Math.min(0, min);
  const high = Math.max(0, max);
  const step = niceStep(high - low, count, integer);
  const decimals = decimalsOf(step);
  const first = Math.floor(low / step + 1e-9);
  let last = Math.ceil(high / step - 1e-9);
  if (last === first) last = first + 1;
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)) + 0);
  return ticks;
}

function checkValues(values: number[]): void {
  for (const value of values) if (!Number.isFinite(value)) throw new RangeError(`not a number to draw: ${value}`);
}

function frame(opts: ChartOptions): { width: number; height: number; plot: Rect } {
  const width = opts.width ?? 640;
  const height = opts.height ?? 320;
  const margin = { ...DEFAULT_MARGIN, ...opts.margin };
  const plot = {
    x: margin.left,
    y: margin.top,
    width: width - margin.left - margin.right,
    height: height - margin.top - margin.bottom,
  };
  if (!(plot.width > 0 && plot.height > 0)) throw new RangeError(`no room to draw in ${width}×${height}`);
  return { width, height, plot };
}

/** A linear scale from [min, max] onto [from, to]. */
function scale(min: number, max: number, from: number, to: number): (value: number) => number {
  return (value) => from + ((value - min) / (max - min)) * (to - from);
}

export function barChart(data: readonly BarDatum[], opts: BarChartOptions = {}): BarChart {
  checkValues(data.flatMap((d) => (d.secondary === undefined ? [d.value] : [d.value, d.secondary])));
  const orientation = opts.orientation ?? "vertical";
  const gap = Math.min(0.9, Math.max(0, opts.gap ?? 0.2));
  const { width, height, plot } = frame(opts);
  const values = data.flatMap((d) => [d.value, d.secondary ?? 0]);
  const tickValues = niceTicks(Math.min(0, ...values), Math.max(0, ...values), opts.ticks ?? 5, opts.integer ?? true);
  const min = tickValues[0];
  const max = tickValues[tickValues.length - 1];
  const vertical = orientation === "vertical";
  // The value axis runs up the plot (vertical bars) or right along it (horizontal bars).
  const at = vertical ? scale(min, max, plot.y + plot.height, plot.y) : scale(min, max, plot.x, plot.x + plot.width);
  const baseline = at(0);
  const band = (vertical ? plot.width : plot.height) / Math.max(1, data.length);
  const thickness = band * (1 - gap);

  const rect = (index: number, value: number): Rect => {
    const start = (vertical ? plot.x : plot.y) + index * band + (band - thickness) / 2;
    const end = at(value);
    const low = Math.min(end, baseline);
    const length = Math.abs(end - baseline);
    return vertical
      ? { x: round(start), y: round(low), width: round(thickness), height: round(length) }
      : { x: round(low), y: round(start), width: round(length), height: round(thickness) };
  };

  const bars = data.map((d, index): Bar => {
    const middle = round((vertical ? plot.x : plot.y) + (index + 0.5) * band);
    const end = round(at(d.value));
    const bar: Bar = {
      label: d.label,
      value: d.value,
      ...rect(index, d.value),
      labelAt: vertical ? { x: middle, y: round(plot.y + plot.height) } : { x: round(plot.x), y: middle },
      endAt: vertical ? { x: middle, y: end } : { x: end, y: middle },
    };
    if (d.secondary !== undefined) bar.secondary = { value: d.secondary, ...rect(index, d.secondary) };
    return bar;
  });

  return {
    width,
    height,
    orientation,
    plot,
    baseline: round(baseline),
    min,
    max,
    ticks: tickValues.map((value) => ({ value, position: round(at(value)) })),
    bars,
  };
}

export function lineChart(points: readonly LinePoint[], opts: LineChartOptions = {}): LineChart {
  checkValues(points.map((p) => p.value));
  const { width, height, plot } = frame(opts);
  const values = points.map((p) => p.value);
  const tickValues = niceTicks(Math.min(0, ...values), Math.max(0, ...values), opts.ticks ?? 5, opts.integer ?? false);
  const min = tickValues[0];
  const max = tickValues[tickValues.length - 1];
  const y = scale(min, max, plot.y + plot.height, plot.y);
  const x = (index: number) => (points.length === 1 ? plot.x + plot.width / 2 : plot.x + (index * plot.width) / (points.length - 1));
  const every = Math.max(1, Math.ceil(points.length / Math.max(1, opts.maxLabels ?? 12)));

  const placed = points.map((p, index) => ({
    label: p.label,
    value: p.value,
    x: round(x(index)),
    y: round(y(p.value)),
    labelled: index % every === 0,
  }));
  const baseline = round(y(0));
  const path = placed.map((p, i) => `${i === 0 ? "M" : "L"}${p.x} ${p.y}`).join(" ");
  const area = placed.length === 0 ? "" : `${path} L${placed[placed.length - 1].x} ${baseline} L${placed[0].x} ${baseline} Z`;

  return {
    width,
    height,
    plot,
    baseline,
    min,
    max,
    ticks: tickValues.map((value) => ({ value, position: round(y(value)) })),
    points: placed,
    path,
    area,
  };
}
