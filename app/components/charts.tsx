import { barChart, lineChart, type BarDatum, type LinePoint } from "~/domain/stats/chart";

/**
 * Charts drawn on the server as SVG: they work without JavaScript and in print.
 * Each has a title and description for screen readers; a table of the same numbers sits beside it.
 */

/** About how wide a label is in 12px text: CJK characters are square, Latin ones about half as wide. */
export function labelWidth(label: string): number {
  let width = 0;
  for (const char of label) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(char) ? 12.5 : 7.2;
  return width;
}

const PLOT_WIDTH = 430;

export function HorizontalBars({ title, data, secondaryLabel }: { title: string; data: BarDatum[]; secondaryLabel?: string }) {
  const height = Math.max(80, data.length * 28 + 40);
  // The left margin fits the longest label (English category names run to some forty
  // characters), and the drawing is never scaled up, so its text keeps its size.
  const left = Math.ceil(Math.max(24, ...data.map((d) => labelWidth(d.label))) + 14);
  const width = left + PLOT_WIDTH;
  const chart = barChart(data, { width, height, orientation: "horizontal", integer: true, margin: { left, right: 56, bottom: 28 } });
  return (
    <svg viewBox={`0 0 ${chart.width} ${chart.height}`} width={chart.width} className="chart" role="img">
      <title>{title}</title>
      {chart.ticks.map((tick) => (
        <g key={tick.value}>
          <line x1={tick.position} x2={tick.position} y1={chart.plot.y} y2={chart.plot.y + chart.plot.height} className="grid" />
          <text x={tick.position} y={chart.height - 8} textAnchor="middle" className="tick">
            {tick.value}
          </text>
        </g>
      ))}
      {chart.bars.map((bar) => (
        <g key={bar.label}>
          <text x={chart.plot.x - 8} y={bar.labelAt.y} dominantBaseline="middle" textAnchor="end" className="label">
            {bar.label}
          </text>
          <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} className="bar" />
          {bar.secondary ? (
            <rect x={bar.secondary.x} y={bar.secondary.y} width={bar.secondary.width} height={bar.secondary.height} className="bar secondary" />
          ) : null}
          <text x={bar.endAt.x + 4} y={bar.labelAt.y} dominantBaseline="middle" className="value">
            {bar.value}
            {bar.secondary ? ` / ${bar.secondary.value}` : ""}
          </text>
        </g>
      ))}
      {secondaryLabel ? <desc>{secondaryLabel}</desc> : null}
    </svg>
  );
}

export function Trend({ title, points }: { title: string; points: LinePoint[] }) {
  const chart = lineChart(points, { width: 640, height: 240, integer: true, maxLabels: 12 });
  return (
    <svg viewBox={`0 0 ${chart.width} ${chart.height}`} width={chart.width} className="chart" role="img">
      <title>{title}</title>
      {chart.ticks.map((tick) => (
        <g key={tick.value}>
          <line x1={chart.plot.x} x2={chart.plot.x + chart.plot.width} y1={tick.position} y2={tick.position} className="grid" />
          <text x={chart.plot.x - 6} y={tick.position} textAnchor="end" dominantBaseline="middle" className="tick">
            {tick.value}
          </text>
        </g>
      ))}
      <path d={chart.area} className="area" />
      <path d={chart.path} className="line" />
      {chart.points.map((p) => (
        <g key={p.label}>
          <circle cx={p.x} cy={p.y} r={3} className="point" />
          {p.labelled ? (
            <text x={p.x} y={chart.height - 12} textAnchor="middle" className="tick">
              {p.label}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
