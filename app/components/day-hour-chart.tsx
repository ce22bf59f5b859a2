import { useTranslation } from "~/i18n/use-translation";
import { isWithinAllowedHours, rulePack, type RulePackId } from "~/domain/call-log/rules";
import { NumbersTable } from "./stats-parts";

const CELL_W = 28;
const CELL_H = 26;
const LEFT = 44;
const TOP = 30;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/**
 * When the calls came: weekday × local hour, darker for more calls, with the hours the
 * pack forbids marked above their column. Drawn on the server as SVG; the same numbers
 * sit in a table below it for screen readers and for copying.
 */
export function DayHourChart({ matrix, pack }: { matrix: number[][]; pack: RulePackId }) {
  const { t } = useTranslation();
  const quiet = rulePack(pack).quietHours;
  // An hour is marked when its middle is outside the allowed hours (21:00–22:00 under Reg F).
  const forbidden = HOURS.map((hour) => !isWithinAllowedHours(hour * 3600 + 1800, quiet));
  const max = Math.max(1, ...matrix.flat());
  const width = LEFT + 24 * CELL_W + 4;
  const height = TOP + 7 * CELL_H + 4;
  const weekday = (day: number) => t(`callLog.weekday.${day}` as "callLog.weekday.0");
  return (
    <figure className="day-hour">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} className="chart heatmap" role="img" aria-labelledby="day-hour-title day-hour-desc">
        <title id="day-hour-title">{t("callLog.chart.title")}</title>
        <desc id="day-hour-desc">{t("callLog.chart.desc", { from: quiet.allowedFrom.slice(0, 5), until: quiet.allowedUntil.slice(0, 5) })}</desc>
        {HOURS.map((hour) => (
          <g key={hour}>
            {forbidden[hour] ? <rect x={LEFT + hour * CELL_W} y={TOP - 8} width={CELL_W - 1} height={5} className="forbidden" /> : null}
            {hour % 3 === 0 ? (
              <text x={LEFT + hour * CELL_W + CELL_W / 2} y={TOP - 13} textAnchor="middle" className="tick">
                {hour}
              </text>
            ) : null}
          </g>
        ))}
        {matrix.map((hours, day) => (
          <g key={day}>
            <text x={LEFT - 8} y={TOP + day * CELL_H + CELL_H / 2} textAnchor="end" dominantBaseline="middle" className="label">
              {weekday(day)}
            </text>
            {hours.map((count, hour) => (
              <g key={hour}>
                <rect
                  x={LEFT + hour * CELL_W}
                  y={TOP + day * CELL_H}
                  width={CELL_W - 1}
                  height={CELL_H - 1}
                  className={count ? "cell" : "cell empty"}
                  fillOpacity={count ? 0.15 + (0.85 * count) / max : undefined}
                >
                  <title>{t("callLog.chart.cell", { day: weekday(day), hour, count })}</title>
                </rect>
                {count ? (
                  <text
                    x={LEFT + hour * CELL_W + CELL_W / 2}
                    y={TOP + day * CELL_H + CELL_H / 2}
                    textAnchor="middle"
                    dominantBaseline="middle"
                    className={count / max > 0.55 ? "count dark" : "count"}
                  >
                    {count}
                  </text>
                ) : null}
              </g>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="muted">
        <span className="swatch forbidden" aria-hidden="true" />{" "}
        {t("callLog.chart.legend", { from: quiet.allowedFrom.slice(0, 5), until: quiet.allowedUntil.slice(0, 5) })}
      </figcaption>
      <NumbersTable
        id="day-hour-numbers"
        headers={[t("callLog.chart.day"), ...HOURS.map(String)]}
        rows={matrix.map((hours, day) => [weekday(day), ...hours])}
      />
    </figure>
  );
}
