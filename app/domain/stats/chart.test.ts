import { describe, expect, it } from "vitest";
import { barChart, lineChart, niceStep, niceTicks } from "./chart";

describe("niceStep and niceTicks", () => {
  it.each([
    [10, 5, 2],
    [12, 5, 5],
    [100, 5, 20],
    [1, 5, 0.2],
    [0.3, 5, 0.1],
    [7300, 5, 2000],
  ])("a range of %s in about %s steps steps by %s", (range, count, step) => {
    expect(niceStep(range, count)).toBe(step);
  });

  it("steps by whole numbers for counts", () => {
    expect(niceStep(3, 5, true)).toBe(1);
    expect(niceStep(1, 5, true)).toBe(1);
  });

  it.each([
    [0, 12, [0, 5, 10, 15]],
    [0, 100, [0, 20, 40, 60, 80, 100]],
    [0, 0.875, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 0.3, [0, 0.1, 0.2, 0.3]],
    [-3, 7, [-4, -2, 0, 2, 4, 6, 8]],
    [5, 12, [0, 5, 10, 15]],
  ])("ticks for %s..%s are %j", (min, max, ticks) => {
    expect(niceTicks(min, max)).toEqual(ticks);
  });

  it("draws an axis for nothing at all", () => {
    expect(niceTicks(0, 0)).toEqual([0, 1]);
    expect(niceTicks(0, 0, 5, true)).toEqual([0, 1]);
  });

  it("has no floating-point crumbs", () => {
    for (const tick of niceTicks(0, 0.7)) expect(String(tick)).toMatch(/^\d+(\.\d)?$/);
  });
});

describe("barChart", () => {
  const opts = { width: 300, height: 200, margin: { top: 0, right: 0, bottom: 0, left: 0 } };

  it("draws vertical bars in equal bands against nice ticks", () => {
    const chart = barChart(
      [
        { label: "频繁来电", value: 8 },
        { label: "辱骂", value: 3 },
        { label: "其他", value: 0 },
      ],
      { ...opts, gap: 0 },
    );
    expect(chart.max).toBe(8);
    expect(chart.ticks.map((t) => [t.value, t.position])).toEqual([
      [0, 200],
      [2, 150],
      [4, 100],
      [6, 50],
      [8, 0],
    ]);
    expect(chart.baseline).toBe(200);
    expect(chart.bars.map(({ x, y, width, height }) => ({ x, y, width, height }))).toEqual([
      { x: 0, y: 0, width: 100, height: 200 },
      { x: 100, y: 125, width: 100, height: 75 },
      { x: 200, y: 200, width: 100, height: 0 },
    ]);
    expect(chart.bars[1]).toMatchObject({ label: "辱骂", value: 3, labelAt: { x: 150, y: 200 }, endAt: { x: 150, y: 125 } });
  });

  it("leaves a gap between bars", () => {
    const chart = barChart(
      [
        { label: "a", value: 1 },
        { label: "b", value: 1 },
      ],
      { ...opts, gap: 0.2 },
    );
    expect(chart.bars.map((b) => [b.x, b.width])).toEqual([
      [15, 120],
      [165, 120],
    ]);
  });

  it("draws the secondary value over the bar, from the same baseline", () => {
    const chart = barChart([{ label: "招商银行", value: 10, secondary: 4 }], { ...opts, gap: 0 });
    expect(chart.bars[0].secondary).toEqual({ value: 4, x: 0, y: 120, width: 300, height: 80 });
  });

  it("draws horizontal bars for long names", () => {
    const chart = barChart(
      [
        { label: "中国工商银行股份有限公司", value: 20 },
        { label: "某某消费金融有限公司", value: 5 },
      ],
      { ...opts, orientation: "horizontal", gap: 0 },
    );
    expect(chart.orientation).toBe("horizontal");
    expect(chart.ticks.map((t) => [t.value, t.position])).toEqual([
      [0, 0],
      [5, 75],
      [10, 150],
      [15, 225],
      [20, 300],
    ]);
    expect(chart.bars.map(({ x, y, width, height }) => ({ x, y, width, height }))).toEqual([
      { x: 0, y: 0, width: 300, height: 100 },
      { x: 0, y: 100, width: 75, height: 100 },
    ]);
    expect(chart.bars[1].labelAt).toEqual({ x: 0, y: 150 });
    expect(chart.bars[1].endAt).toEqual({ x: 75, y: 150 });
  });

  it("keeps the plot inside the margins", () => {
    const chart = barChart([{ label: "a", value: 4 }], { width: 640, height: 320 });
    expect(chart.plot).toEqual({ x: 48, y: 16, width: 576, height: 264 });
    expect(chart.bars[0].y + chart.bars[0].height).toBe(280);
  });

  it("draws shares with decimal ticks when asked", () => {
    const chart = barChart([{ label: "按时答复", value: 0.875 }], { ...opts, integer: false });
    expect(chart.ticks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(chart.bars[0].height).toBe(175);
  });

  it("draws an empty chart with an axis", () => {
    const chart = barChart([], opts);
    expect(chart.bars).toEqual([]);
    expect(chart.ticks.map((t) => t.value)).toEqual([0, 1]);
  });

  it("refuses values that cannot be drawn, and no room to draw", () => {
    expect(() => barChart([{ label: "a", value: Number.NaN }])).toThrow(RangeError);
    expect(() => barChart([{ label: "a", value: 1, secondary: Infinity }])).toThrow(RangeError);
    expect(() => barChart([], { width: 40, height: 40 })).toThrow(RangeError);
  });
});

describe("lineChart", () => {
  const opts = { width: 300, height: 100, margin: { top: 0, right: 0, bottom: 0, left: 0 } };

  it("spreads the points evenly and draws a path and an area", () => {
    const chart = lineChart(
      [
        { label: "2026-01", value: 0 },
        { label: "2026-02", value: 5 },
        { label: "2026-03", value: 10 },
        { label: "2026-04", value: 2.5 },
      ],
      opts,
    );
    expect(chart.max).toBe(10);
    expect(chart.points.map((p) => [p.x, p.y])).toEqual([
      [0, 100],
      [100, 50],
      [200, 0],
      [300, 75],
    ]);
    expect(chart.path).toBe("M0 100 L100 50 L200 0 L300 75");
    expect(chart.area).toBe("M0 100 L100 50 L200 0 L300 75 L300 100 L0 100 Z");
  });

  it("puts a single point in the middle", () => {
    const chart = lineChart([{ label: "2026-01", value: 3 }], opts);
    expect(chart.points[0].x).toBe(150);
    expect(chart.path).toBe(`M150 ${chart.points[0].y}`);
  });

  it("labels every k-th point when there are many", () => {
    const points = Array.from({ length: 24 }, (_, i) => ({ label: `m${i}`, value: i }));
    const labelled = lineChart(points, { ...opts, maxLabels: 6 })
      .points.filter((p) => p.labelled)
      .map((p) => p.label);
    expect(labelled).toEqual(["m0", "m4", "m8", "m12", "m16", "m20"]);
  });

  it("draws nothing for no points", () => {
    const chart = lineChart([], opts);
    expect(chart).toMatchObject({ path: "", area: "", points: [] });
    expect(chart.ticks.map((t) => t.value)).toEqual([0, 1]);
  });

  it("keeps the zero line for negative values", () => {
    const chart = lineChart(
      [
        { label: "a", value: -5 },
        { label: "b", value: 5 },
      ],
      opts,
    );
    expect(chart.min).toBe(-6);
    expect(chart.baseline).toBe(50);
  });
});
