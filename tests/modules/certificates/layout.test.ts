import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breakLines, fitText, isCjk } from "~/modules/certificates/layout";

// A font where CJK characters are 1 em, other characters 0.5 em and a space 0.25 em.
const measure = (s: string) => [...s].reduce((w, ch) => w + (ch === " " ? 0.25 : isCjk(ch) ? 1 : 0.5), 0);

describe("breakLines", () => {
  it("breaks Chinese text between any two characters", () => {
    expect(breakLines("东莞市人民政府新闻办公室", 4, 1, measure)).toEqual([
      "东莞市人",
      "民政府新",
      "闻办公室",
    ]);
  });

  it("keeps Latin words whole and drops the space at a break", () => {
    expect(breakLines("Typhoon Haikui live updates", 6, 1, measure)).toEqual([
      "Typhoon",
      "Haikui live",
      "updates",
    ]);
  });

  it("cuts a word only when it is wider than the box on its own", () => {
    expect(breakLines("ab abcdefghij", 2, 1, measure)).toEqual(["ab", "abcd", "efgh", "ij"]);
  });

  it("mixes Chinese and Latin: a word after Chinese moves to the next line whole", () => {
    expect(breakLines("台风期间 live updates", 5, 1, measure)).toEqual(["台风期间", "live", "updates"]);
  });

  it("never starts a line with closing punctuation nor ends one with opening punctuation", () => {
    expect(breakLines("一二三，四", 3, 1, measure)).toEqual(["一二", "三，四"]);
    const lines = breakLines("案例《“莞”住安全线》在评选中荣获一等奖。", 5, 1, measure);
    for (const line of lines) {
      expect(line).not.toMatch(/^[，。》”）]/);
      expect(line).not.toMatch(/[《“（]$/);
    }
    expect(lines.join("")).toBe("案例《“莞”住安全线》在评选中荣获一等奖。");
  });

  it("scales with the font size: half the size, twice the characters per line", () => {
    expect(breakLines("一二三四五六七八", 4, 2, measure)).toEqual(["一二", "三四", "五六", "七八"]);
    expect(breakLines("一二三四五六七八", 4, 1, measure)).toEqual(["一二三四", "五六七八"]);
  });

  it("keeps every line inside the box and loses no character (property)", () => {
    const char = fc.constantFrom(..."评选东莞市人民政府，。《》“”()abcXYZ019 -");
    fc.assert(
      fc.property(fc.array(char, { maxLength: 240 }), fc.integer({ min: 1, max: 30 }), (chars, width) => {
        const text = chars.join("");
        const lines = breakLines(text, width, 1, measure);
        for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(width + 1e-9);
        expect(lines.join("").replace(/ /g, "")).toBe(text.replace(/ /g, ""));
      }),
    );
  });
});

describe("fitText", () => {
  const box = { maxWidth: 100, maxHeight: 60, maxSize: 20, minSize: 8, lineHeight: 1.5, measure };

  it("keeps the largest size when the text fits", () => {
    const fitted = fitText("东莞市人民政府", box);
    expect(fitted).toMatchObject({ size: 20, lines: ["东莞市人民", "政府"], truncated: false });
    expect(fitted.height).toBe(60);
  });

  it("shrinks a long text until it fits the height", () => {
    const fitted = fitText("东".repeat(40), box);
    expect(fitted.size).toBeLessThan(20);
    expect(fitted.truncated).toBe(false);
    expect(fitted.height).toBeLessThanOrEqual(60);
    expect(fitted.lines.join("")).toBe("东".repeat(40));
    for (const line of fitted.lines) expect(measure(line) * fitted.size).toBeLessThanOrEqual(100);
  });

  it("keeps to one line when asked", () => {
    const fitted = fitText("权威发布　一等奖", { ...box, maxLines: 1 });
    expect(fitted.lines).toHaveLength(1);
    expect(fitted.size).toBe(12.5);
  });

  it("cuts with … only when even the smallest size cannot hold the text", () => {
    const fitted = fitText("东".repeat(500), box);
    expect(fitted.truncated).toBe(true);
    expect(fitted.size).toBe(8);
    expect(fitted.lines).toHaveLength(5);
    expect(fitted.lines.at(-1)?.endsWith("…")).toBe(true);
    for (const line of fitted.lines) expect(measure(line) * 8).toBeLessThanOrEqual(100);
  });

  it("keeps a leading ideographic-space indent", () => {
    expect(fitText("\u3000\u3000特发此证", box).lines[0]?.startsWith("\u3000\u3000")).toBe(true);
  });
});
