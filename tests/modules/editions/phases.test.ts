import { describe, expect, it } from "vitest";
import {
  allowedMoves,
  type EditionSummary,
  phaseChangeProblems,
  setupEditable,
} from "~/modules/editions/phases";

const ready: EditionSummary = {
  phase: "draft",
  submissionOpensAt: new Date("2024-11-01T00:00:00Z"),
  submissionClosesAt: new Date("2024-11-30T00:00:00Z"),
  statsFrom: "2024-01-01",
  statsTo: "2024-10-31",
  categories: [{ name: "权威发布", criteriaMaxPoints: [25, 25, 20, 15, 15], tierQuotas: [2, 4, 6] }],
};

describe("phase gates", () => {
  it("lets a complete draft open", () => {
    expect(phaseChangeProblems(ready, "open")).toEqual([]);
  });

  it("refuses to open an edition without categories", () => {
    expect(phaseChangeProblems({ ...ready, categories: [] }, "open")).toContain("phase.needsCategories");
  });

  it("refuses to open when a category's rubric is missing or does not add up to 100", () => {
    const problems = phaseChangeProblems(
      {
        ...ready,
        categories: [
          { name: "短视频", criteriaMaxPoints: [], tierQuotas: [1] },
          { name: "民生服务", criteriaMaxPoints: [50, 40], tierQuotas: [1] },
        ],
      },
      "open",
    );
    expect(problems).toEqual([
      'phase.categoryRubric|{"category":"短视频"}',
      'phase.categoryRubric|{"category":"民生服务"}',
    ]);
  });

  it("refuses to open without quotas, a submission window or a statistics window", () => {
    const problems = phaseChangeProblems(
      {
        ...ready,
        submissionClosesAt: null,
        statsTo: null,
        categories: [{ name: "融媒创新", criteriaMaxPoints: [100], tierQuotas: [0, 0] }],
      },
      "open",
    );
    expect(problems).toEqual([
      'phase.categoryQuota|{"category":"融媒创新"}',
      "phase.needsSubmissionWindow",
      "phase.needsStatsWindow",
    ]);
  });

  it("moves one step forward only, and back from open to draft", () => {
    expect(allowedMoves("draft")).toEqual(["open"]);
    expect(allowedMoves("open")).toEqual(["review", "draft"]);
    expect(allowedMoves("published")).toEqual(["archived"]);
    expect(allowedMoves("archived")).toEqual([]);
    expect(phaseChangeProblems({ ...ready, phase: "draft" }, "published")).toEqual([
      'phase.notAllowed|{"from":"draft","to":"published"}',
    ]);
  });

  it("locks categories and rubrics once judging starts", () => {
    expect(setupEditable("open")).toBe(true);
    expect(setupEditable("review")).toBe(true);
    expect(setupEditable("judging")).toBe(false);
    expect(setupEditable("published")).toBe(false);
  });
});
