import { describe, expect, it } from "vitest";
import {
  buildSlides,
  type CeremonyAward,
  frameAt,
  hashOf,
  keyAction,
  stepOfHash,
  stepsOf,
  totalSteps,
} from "~/modules/results/ceremony";

const edition = {
  name: "2025 年度政务新媒体评选",
  organizers: "南方日报社\n 某大学新媒体研究院 \n",
  date: "2025-12-20",
};

let position = 0;
function award(
  categoryId: number,
  tierId: number,
  name: string,
  extra: Partial<CeremonyAward> = {},
): CeremonyAward {
  position += 1;
  return {
    categoryId,
    categoryName: `类别${categoryId}`,
    categoryKind: "case",
    tierId,
    tierName: `奖级${tierId}`,
    position,
    unitName: `${name}单位`,
    entryTitle: `${name}作品`,
    accountName: `${name}账号`,
    ...extra,
  };
}

describe("ceremony slides", () => {
  it("opens with the title, groups by category then tier in list order, and closes", () => {
    position = 0;
    const list = [
      award(1, 11, "甲"),
      award(1, 11, "乙"),
      award(1, 12, "丙"),
      award(2, 21, "丁", { categoryKind: "account" }),
    ];
    // Given out of order: the list position decides.
    const slides = buildSlides(edition, [...list].reverse());
    expect(slides.map((s) => s.kind)).toEqual([
      "title",
      "category",
      "tier",
      "tier",
      "category",
      "tier",
      "closing",
    ]);
    expect(slides[0]).toEqual({
      kind: "title",
      editionName: edition.name,
      organizers: ["南方日报社", "某大学新媒体研究院"],
      date: "2025-12-20",
    });
    expect(slides[1]).toMatchObject({
      categoryName: "类别1",
      tierNames: ["奖级11", "奖级12"],
      winnerCount: 3,
    });
    expect(slides[2]).toMatchObject({
      tierName: "奖级11",
      winners: [
        { name: "甲作品", unitName: "甲单位" },
        { name: "乙作品", unitName: "乙单位" },
      ],
    });
    // An account category reads out the account's name.
    expect(slides[5]).toMatchObject({
      tierName: "奖级21",
      winners: [{ name: "丁账号", unitName: "丁单位" }],
    });
  });

  it("takes one step for the tier's title and one per winner", () => {
    position = 0;
    const slides = buildSlides(edition, [award(1, 11, "甲"), award(1, 11, "乙"), award(1, 12, "丙")]);
    expect(slides.map(stepsOf)).toEqual([1, 1, 3, 2, 1]);
    expect(totalSteps(slides)).toBe(8);
    const frames = Array.from({ length: 8 }, (_, i) => frameAt(slides, i));
    expect(frames.map((f) => [f.slide, f.revealed])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [2, 1],
      [2, 2],
      [3, 0],
      [3, 1],
      [4, 0],
    ]);
  });

  it("splits a long tier over slides, a continuation starting with its first winner shown", () => {
    position = 0;
    const many = Array.from({ length: 7 }, (_, i) => award(1, 11, `第${i + 1}名`));
    const slides = buildSlides(edition, many, 5);
    const tiers = slides.filter((s) => s.kind === "tier");
    expect(tiers.map((s) => [s.winners.length, s.page, s.pages, s.revealFrom])).toEqual([
      [5, 1, 2, 0],
      [2, 2, 2, 1],
    ]);
    expect(tiers.map(stepsOf)).toEqual([6, 2]);
    // Every winner appears exactly once, in order, across the steps.
    const seen: string[] = [];
    for (let i = 0; i < totalSteps(slides); i++) {
      const f = frameAt(slides, i);
      const s = slides[f.slide];
      if (s?.kind === "tier") {
        for (const w of s.winners.slice(0, f.revealed)) if (!seen.includes(w.name)) seen.push(w.name);
      }
    }
    expect(seen).toEqual(many.map((a) => a.entryTitle));
  });

  it("without awards has just the title and the closing slide", () => {
    const slides = buildSlides(edition, []);
    expect(slides.map((s) => s.kind)).toEqual(["title", "closing"]);
    expect(totalSteps(slides)).toBe(2);
  });

  it("clamps steps and reads the fragment it writes", () => {
    const slides = buildSlides(edition, []);
    expect(frameAt(slides, -3).step).toBe(0);
    expect(frameAt(slides, 99).step).toBe(1);
    expect(hashOf(11)).toBe("#12");
    expect(stepOfHash("#12")).toBe(11);
    expect(stepOfHash("12")).toBe(11);
    expect(stepOfHash("")).toBe(0);
    expect(stepOfHash("#abc")).toBe(0);
    expect(stepOfHash("#0")).toBe(0);
  });

  it("maps the presenter's keys", () => {
    expect(["ArrowRight", "PageDown", " "].map((k) => keyAction(k))).toEqual(["next", "next", "next"]);
    expect(["ArrowLeft", "PageUp"].map((k) => keyAction(k))).toEqual(["previous", "previous"]);
    expect(keyAction(" ", true)).toBe("previous");
    expect([keyAction("Home"), keyAction("End"), keyAction("f"), keyAction("F"), keyAction("x")]).toEqual([
      "first",
      "last",
      "fullscreen",
      "fullscreen",
      null,
    ]);
  });
});
