import { describe, expect, it } from "vitest";
import {
  canRemoveConflict,
  cityPrefix,
  conflictSet,
  inConflict,
  isAutomatic,
  judgeDeclarationsOpen,
  judgeEditionCurrent,
  organizerConflictsOpen,
  sameCity,
  sortKinds,
} from "~/modules/judging/conflicts";

describe("conflicts", () => {
  it("compare regions at city level", () => {
    expect(cityPrefix("441900")).toBe("4419");
    expect(cityPrefix("4419")).toBe("");
    expect(cityPrefix("")).toBe("");
    expect(sameCity("440100", "440106")).toBe(true); // a district of Guangzhou
    expect(sameCity("441900", "441900")).toBe(true);
    expect(sameCity("441900", "440100")).toBe(false);
    expect(sameCity("", "441900")).toBe(false);
    expect(sameCity("441900", "")).toBe(false);
  });

  it("check many pairs through a set", () => {
    const set = conflictSet([
      { judgeId: "a", unitId: 1 },
      { judgeId: "b", unitId: 2 },
    ]);
    expect(inConflict(set, "a", 1)).toBe(true);
    expect(inConflict(set, "a", 2)).toBe(false);
    expect(inConflict(set, "b", 2)).toBe(true);
  });

  it("order kinds with the automatic ones first", () => {
    expect(sortKinds(["organizer", "region", "declared", "own", "other"])).toEqual([
      "own",
      "region",
      "declared",
      "organizer",
    ]);
    expect(isAutomatic("own")).toBe(true);
    expect(isAutomatic("declared")).toBe(false);
  });

  it("let judges declare until judging starts and organizers change until it ends", () => {
    expect(judgeDeclarationsOpen("open")).toBe(true);
    expect(judgeDeclarationsOpen("review")).toBe(true);
    expect(judgeDeclarationsOpen("judging")).toBe(false);
    expect(organizerConflictsOpen("judging")).toBe(true);
    expect(organizerConflictsOpen("tallied")).toBe(false);
    expect(judgeEditionCurrent("notice")).toBe(true);
    expect(judgeEditionCurrent("published")).toBe(false);
  });

  it("let a judge remove only their own declarations, before judging", () => {
    expect(canRemoveConflict("judge", "declared", "review")).toBe(true);
    expect(canRemoveConflict("judge", "declared", "judging")).toBe(false);
    expect(canRemoveConflict("judge", "organizer", "review")).toBe(false);
    expect(canRemoveConflict("organizer", "declared", "judging")).toBe(true);
    expect(canRemoveConflict("organizer", "organizer", "published")).toBe(false);
  });
});
