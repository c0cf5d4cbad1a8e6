import { describe, expect, it } from "vitest";
import { percent } from "~/components/ui/progress-bar";
import { pageHref, parseSort, sortHref, sortRows } from "~/components/ui/sort";

describe("sorting and paging in the address", () => {
  it("accepts only known columns", () => {
    const fallback = { key: "title", dir: "asc" } as const;
    expect(parseSort(new URLSearchParams("sort=status&dir=desc"), ["title", "status"], fallback)).toEqual({
      key: "status",
      dir: "desc",
    });
    expect(parseSort(new URLSearchParams("sort=password"), ["title", "status"], fallback)).toEqual(fallback);
  });

  it("toggles the direction of the sorted column, keeps filters and goes back to page 1", () => {
    expect(sortHref("?status=accepted&page=3", "title", undefined)).toBe(
      "?status=accepted&sort=title&dir=asc",
    );
    expect(sortHref("?sort=title&dir=asc", "title", { key: "title", dir: "asc" })).toBe(
      "?sort=title&dir=desc",
    );
    expect(pageHref("?sort=title&dir=asc", 2)).toBe("?sort=title&dir=asc&page=2");
    expect(pageHref("?page=2", 1)).toBe("?");
  });

  it("sorts Chinese text and numbers, empty values last", () => {
    const rows = [{ v: "政务微信" }, { v: null }, { v: "短视频" }];
    expect(sortRows(rows, (r) => r.v, "asc").map((r) => r.v)).toEqual(["短视频", "政务微信", null]);
    expect(sortRows([{ v: 10 }, { v: 9 }], (r) => r.v, "asc").map((r) => r.v)).toEqual([9, 10]);
  });

  it("computes a progress percentage without dividing by zero", () => {
    expect(percent(3, 4)).toBe(75);
    expect(percent(0, 0)).toBe(0);
    expect(percent(5, 4)).toBe(100);
  });
});
