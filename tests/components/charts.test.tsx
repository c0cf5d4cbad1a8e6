import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "~/components/charts/bar-chart";
import { histogramBins, quartiles, scoreDomain, ticks } from "~/components/charts/geometry";
import { Histogram } from "~/components/charts/histogram";
import { JudgeDistribution } from "~/components/charts/judge-distribution";
import { ScoreDistributionView } from "~/components/charts/score-distribution";
import { StackedBar } from "~/components/charts/stacked-bar";
import { DOTS_PER_JUDGE, summariseScores } from "~/components/charts/summary";

/** The numeric attribute `name` of every element carrying `marker` (e.g. all bars' widths). */
function attrs(html: string, marker: string, name: string): number[] {
  const tags = html.match(new RegExp(`<[a-z]+[^>]*${marker}[^>]*>`, "g")) ?? [];
  return tags.map((tag) => Number(tag.match(new RegExp(` ${name}="([^"]+)"`))?.[1]));
}

const labels = {
  histogramTitle: "“新闻类”得分分布",
  histogramDesc: "各总分区间内的评分表数量。",
  judgesTitle: "“新闻类”各评委打分",
  judgesDesc: "每行一位评委",
  rangeLabel: "总分区间",
  countLabel: "评分表数",
  judgeLabel: "评委",
  scoresLabel: "总分",
  medianLabel: "中位数",
  listSeparator: "、",
  manyScores: ({ count, q1, q3 }: { count: number; q1: string; q3: string }) =>
    `共 ${count} 个，中间一半在 ${q1}–${q3}`,
  emptyText: "暂无数据",
};

describe("BarChart", () => {
  const html = renderToStaticMarkup(
    <BarChart
      title="各类别参评案例数"
      desc="横条长度表示案例数。"
      valueLabel="数量"
      emptyText="暂无数据"
      data={[
        { label: "政务微信", value: 10 },
        { label: "政务微博", value: 5 },
        { label: "短视频", value: 0 },
      ]}
    />,
  );

  it("draws bars proportional to the values, the longest for the largest", () => {
    const [a, b, c] = attrs(html, "data-value", "width");
    expect(a).toBeGreaterThan(0);
    expect(b).toBeCloseTo((a ?? 0) / 2, 1);
    expect(c).toBe(0);
  });

  it("is an image named by its title and description, with labels and a data table", () => {
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+) ([^"]+)"/);
    expect(html).toContain("<title");
    expect(html).toContain("各类别参评案例数</title>");
    expect(html).toContain("横条长度表示案例数。</desc>");
    expect(html).toContain("政务微信");
    expect(html).toMatch(/<div class="visually-hidden"><table>.*<th scope="row">政务微博<\/th><td>5<\/td>/);
    expect(html).not.toContain("NaN");
  });

  it("says so when there is no data, instead of an empty picture", () => {
    const empty = renderToStaticMarkup(
      <BarChart title="T" desc="D" valueLabel="V" emptyText="暂无数据" data={[]} />,
    );
    expect(empty).toContain("暂无数据");
    expect(empty).not.toContain("<svg");
  });

  it("draws all-zero data without dividing by zero", () => {
    const zeros = renderToStaticMarkup(
      <BarChart title="T" desc="D" valueLabel="V" emptyText="-" data={[{ label: "甲", value: 0 }]} />,
    );
    expect(attrs(zeros, "data-value", "width")).toEqual([0]);
    expect(zeros).not.toContain("NaN");
  });
});

describe("StackedBar", () => {
  const series = [
    { key: "assigned", label: "未开始" },
    { key: "drafted", label: "已暂存" },
    { key: "submitted", label: "已提交" },
    { key: "recused", label: "已回避" },
  ];
  const html = renderToStaticMarkup(
    <StackedBar
      title="各类别评审进度"
      desc="D"
      totalLabel="合计"
      emptyText="暂无数据"
      series={series}
      rows={[
        { label: "新闻类", values: [2, 2, 4, 0] },
        { label: "服务类", values: [0, 0, 0, 0] },
      ]}
    />,
  );

  it("splits a row into segments proportional to their share, side by side", () => {
    const widths = attrs(html, "data-series", "width");
    const xs = attrs(html, "data-series", "x");
    // The zero segment (recused) and the all-zero row draw nothing.
    expect(widths).toHaveLength(3);
    const [w1 = 0, w2 = 0, w3 = 0] = widths;
    expect(w1).toBeCloseTo(w2, 1);
    expect(w3).toBeCloseTo(w1 * 2, 1);
    expect(xs[1]).toBeCloseTo((xs[0] ?? 0) + w1, 1);
    expect(html).not.toContain("NaN");
  });

  it("has a legend and a data table with the totals", () => {
    for (const s of series) expect(html).toContain(s.label);
    expect(html).toMatch(
      /<th scope="row">新闻类<\/th><td>2<\/td><td>2<\/td><td>4<\/td><td>0<\/td><td>8<\/td>/,
    );
  });
});

describe("Histogram", () => {
  it("counts values per equal range, the top value in the last one", () => {
    const bins = histogramBins([0, 9.5, 10, 55, 100, 120], 0, 100, 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(bins[9]).toMatchObject({ from: 90, to: 100 });
  });

  it("draws bars whose heights follow the counts", () => {
    const html = renderToStaticMarkup(
      <Histogram
        title="得分分布"
        desc="D"
        values={[81, 82, 83, 84, 91, 92]}
        domain={[0, 100]}
        rangeLabel="区间"
        countLabel="数量"
        emptyText="暂无数据"
      />,
    );
    const counts = attrs(html, "data-count", "data-count");
    const heights = attrs(html, "data-count", "height");
    expect(counts[8]).toBe(4);
    expect(counts[9]).toBe(2);
    expect(heights[8]).toBeCloseTo((heights[9] ?? 0) * 2, 1);
    expect(heights[0]).toBe(0);
    expect(html).toContain('<th scope="row">80–90</th><td>4</td>');
  });

  it("fits the axis to the totals: up to 100 or above, from a ten below the lowest", () => {
    expect(scoreDomain([])).toEqual([0, 100]);
    expect(scoreDomain([50, 104.5])).toEqual([40, 105]);
    expect(scoreDomain([66, 90])).toEqual([50, 100]);
    expect(scoreDomain([3, 90])).toEqual([0, 100]);
    const html = renderToStaticMarkup(
      <Histogram title="T" desc="D" values={[]} rangeLabel="R" countLabel="C" emptyText="暂无数据" />,
    );
    expect(html).toContain("暂无数据");
  });
});

describe("JudgeDistribution and ScoreDistribution", () => {
  it("puts axis ticks on round numbers", () => {
    expect(ticks(50, 100)).toEqual([50, 60, 70, 80, 90, 100]);
    expect(ticks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(40, 105)).toEqual([40, 60, 80, 100]);
    expect(ticks(70, 70)).toEqual([70]);
  });

  it("computes quartiles as spreadsheets do", () => {
    expect(quartiles([])).toBeNull();
    expect(quartiles([1, 2, 3, 4])).toEqual({ min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
    expect(quartiles([70])).toEqual({ min: 70, q1: 70, median: 70, q3: 70, max: 70 });
  });

  it("places one dot per total along the axis, higher totals further right", () => {
    const html = renderToStaticMarkup(
      <JudgeDistribution
        title="各评委打分"
        desc="D"
        judges={[
          { name: "张评委", totals: [60, 70, 80] },
          { name: "李评委", totals: [90] },
        ]}
        domain={[0, 100]}
        judgeLabel="评委"
        scoresLabel="总分"
        medianLabel="中位数"
        listSeparator="、"
        emptyText="-"
      />,
    );
    const cx = attrs(html, "data-value", "cx");
    expect(cx).toHaveLength(4);
    const [a = 0, b = 0, c = 0, d = 0] = cx;
    expect(b - a).toBeCloseTo(c - b, 1);
    expect(d).toBeGreaterThan(c);
    expect(html).toContain("张评委");
    expect(html).toMatch(/<th scope="row">张评委<\/th><td>70<\/td><td>60、70、80<\/td>/);
  });

  it("renders a category's histogram and per-judge view from plain data", () => {
    const html = renderToStaticMarkup(
      <ScoreDistributionView
        categoryName="新闻类"
        {...summariseScores(
          [60, 70, 80, 90],
          [
            { name: "张评委", totals: [60, 80] },
            { name: "李评委", totals: [70, 90] },
          ],
        )}
        labels={labels}
      />,
    );
    expect(html.match(/role="img"/g)).toHaveLength(2);
    expect(html).toContain("“新闻类”得分分布");
    expect(html).toContain("“新闻类”各评委打分");
  });

  it("shows the empty text when no sheet is submitted yet", () => {
    const html = renderToStaticMarkup(
      <ScoreDistributionView
        categoryName="新闻类"
        {...summariseScores([], [{ name: "张评委", totals: [] }])}
        labels={labels}
      />,
    );
    expect(html.match(/暂无数据/g)).toHaveLength(2);
    expect(html).not.toContain("<svg");
  });

  it("draws a national category from a summary: bins and boxes, dots only for judges with few totals", () => {
    // 60,000 totals (a large category at national size), one judge with 40 of them.
    const totals = Array.from({ length: 60_000 }, (_, i) => 55 + ((i * 37) % 450) / 10);
    const busy = totals.slice(0, 59_960);
    const light = totals.slice(59_960);
    const summary = summariseScores(totals, [
      { name: "忙评委", totals: busy },
      { name: "少评委", totals: light },
    ]);
    expect(summary.count).toBe(60_000);
    expect(summary.bins.reduce((a, b) => a + b.count, 0)).toBe(60_000);
    expect(summary.byJudge[0]?.totals).toBeNull();
    expect(summary.byJudge[0]?.count).toBe(59_960);
    expect(summary.byJudge[1]?.totals).toHaveLength(40);
    expect(light.length).toBeLessThanOrEqual(DOTS_PER_JUDGE);
    // What the page carries stays small whatever the size of the category.
    expect(JSON.stringify(summary).length).toBeLessThan(2_000);
    const html = renderToStaticMarkup(
      <ScoreDistributionView categoryName="新闻类" {...summary} labels={labels} />,
    );
    expect(html.match(/data-value=/g)).toHaveLength(40);
    expect(html.match(/class="box"/g)).toHaveLength(2);
    const q = quartiles(busy);
    expect(html).toContain(`共 59960 个，中间一半在 ${q?.q1}–${q?.q3}`);
  });
});
