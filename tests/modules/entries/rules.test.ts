import { describe, expect, it } from "vitest";
import {
  type CompletenessInput,
  completenessProblems,
  formatReference,
  unitMayEdit,
} from "~/modules/entries/rules";

const open = {
  phase: "open" as const,
  submissionOpensAt: new Date("2024-11-01T00:00:00Z"),
  submissionClosesAt: new Date("2024-11-30T10:00:00Z"),
};

describe("when a unit may change an entry", () => {
  it("allows drafts and submitted entries until the deadline, not after", () => {
    const draft = { status: "draft" as const, revisionDeadline: null };
    expect(unitMayEdit(draft, open, new Date("2024-11-30T09:59:59Z"))).toEqual({ ok: true });
    expect(unitMayEdit(draft, open, new Date("2024-11-30T10:00:01Z"))).toEqual({
      ok: false,
      reason: "entry.deadlinePassed",
    });
    expect(unitMayEdit(draft, { ...open, phase: "review" }, new Date("2024-11-15T00:00:00Z"))).toEqual({
      ok: false,
      reason: "entry.editionNotOpen",
    });
  });

  it("lets a returned entry change until its own revision deadline, even after entries close", () => {
    const returned = { status: "returned" as const, revisionDeadline: new Date("2024-12-05T10:00:00Z") };
    const review = { ...open, phase: "review" as const };
    expect(unitMayEdit(returned, review, new Date("2024-12-04T00:00:00Z"))).toEqual({ ok: true });
    expect(unitMayEdit(returned, review, new Date("2024-12-06T00:00:00Z")).ok).toBe(false);
  });

  it("never lets accepted or rejected entries change", () => {
    for (const status of ["accepted", "rejected"] as const) {
      expect(unitMayEdit({ status, revisionDeadline: null }, open, new Date("2024-11-15T00:00:00Z")).ok).toBe(
        false,
      );
    }
  });
});

describe("completeness on submit", () => {
  const base: CompletenessInput = {
    kind: "case",
    requiresVideo: false,
    summaryMaxLength: 20,
    allowedPlatforms: ["wechat", "weibo"],
    statsFrom: "2024-01-01",
    statsTo: "2024-10-31",
    entry: {
      title: "寒潮预警推送",
      accountId: 1,
      platform: "wechat",
      link: "https://mp.weixin.qq.com/s?__biz=1",
      publishDate: "2024-01-20",
      summary: "及时发布寒潮预警。",
      videoLink: "",
    },
    hasVideoAttachment: false,
  };

  it("accepts a complete case", () => {
    expect(completenessProblems(base)).toEqual({});
  });

  it("names every missing or wrong field", () => {
    const problems = completenessProblems({
      ...base,
      entry: {
        ...base.entry,
        title: " ",
        accountId: null,
        platform: "douyin",
        link: "",
        publishDate: "2024-11-02",
      },
    });
    expect(problems).toEqual({
      title: ["form.required"],
      accountId: ["entry.accountRequired"],
      platform: ["entry.platformNotAllowed"],
      link: ["form.required"],
      publishDate: ['entry.outsideStatsWindow|{"from":"2024-01-01","to":"2024-10-31"}'],
    });
  });

  it("counts the summary in characters, not bytes", () => {
    expect(completenessProblems({ ...base, entry: { ...base.entry, summary: "字".repeat(20) } })).toEqual({});
    expect(
      completenessProblems({ ...base, entry: { ...base.entry, summary: "字".repeat(21) } }).summary,
    ).toEqual(['form.tooLong|{"max":20}']);
  });

  it("requires a video in video categories, from an upload or a link", () => {
    const video = { ...base, requiresVideo: true };
    expect(completenessProblems(video).videoLink).toEqual(["entry.videoRequired"]);
    expect(completenessProblems({ ...video, hasVideoAttachment: true })).toEqual({});
    expect(
      completenessProblems({ ...video, entry: { ...base.entry, videoLink: "https://v.douyin.com/x" } }),
    ).toEqual({});
  });

  it("does not ask account entries for a link or a publish date", () => {
    expect(
      completenessProblems({
        ...base,
        kind: "account",
        entry: { ...base.entry, link: "", publishDate: null },
      }),
    ).toEqual({});
  });

  it("formats references as year-code-number", () => {
    expect(formatReference(2024, "QWFB", 7)).toBe("2024-QWFB-0007");
  });
});
