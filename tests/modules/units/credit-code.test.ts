import { describe, expect, it } from "vitest";
import { DEMO_UNITS, demoCreditCode } from "#db/seed";
import {
  creditCodeCheckCharacter,
  creditCodeDivision,
  creditCodeProblem,
  isValidCreditCode,
  normalizeCreditCode,
} from "~/modules/units/credit-code";

describe("统一社会信用代码 check character (GB 32100-2015)", () => {
  it("accepts the standard's example and rejects it with another check character", () => {
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
    expect(creditCodeProblem("91350100M000100Y44")).toBe("checkDigit");
  });

  it("computes check characters that are letters, and maps 31 to 0", () => {
    // Computed by hand with the weights 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28.
    expect(creditCodeCheckCharacter("91350100M000100Y4")).toBe("3");
    const all = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const c = creditCodeCheckCharacter(`1144190000000${String(i).padStart(4, "0")}`);
      if (c) all.add(c);
    }
    expect([...all].some((c) => /[A-Y]/.test(c))).toBe(true);
    expect(all.has("0")).toBe(true);
  });

  it("does not use the circulating wrong variant (letter value = char code − 55)", () => {
    const prefix = "91350100M000100Y4";
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const wrongValue = (ch: string) => (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);
    const sum = [...prefix].reduce((acc, ch, i) => acc + wrongValue(ch) * (weights[i] as number), 0);
    const wrongCheck = "0123456789ABCDEFGHJKLMNPQRTUWXY".charAt((31 - (sum % 31)) % 31);
    expect(wrongCheck).not.toBe("3");
    expect(isValidCreditCode(prefix + wrongCheck)).toBe(false);
  });

  it("rejects I, O, S, V, Z and wrong lengths, but accepts letters in positions 1–8", () => {
    expect(creditCodeProblem("91350100M000100YI3")).toBe("character");
    expect(creditCodeProblem("9135010")).toBe("length");
    expect(creditCodeProblem("91350100M000100Y43A")).toBe("length");
    // A letter among the first eight characters is allowed by the standard.
    const withLetter = `A1350100M000100Y4`;
    const check = creditCodeCheckCharacter(withLetter);
    expect(check).not.toBeNull();
    expect(isValidCreditCode(withLetter + check)).toBe(true);
  });

  it("normalizes pasted codes and reads the division for the region", () => {
    expect(normalizeCreditCode(" 9135 0100m000100y43 ")).toBe("91350100M000100Y43");
    expect(isValidCreditCode("91350100m000100y43")).toBe(true);
    expect(creditCodeDivision("91350100M000100Y43")).toBe("350100");
  });

  it("gives every demo unit a valid code with its city's division", () => {
    DEMO_UNITS.forEach((unit, i) => {
      const code = demoCreditCode(unit, i);
      expect(isValidCreditCode(code), code).toBe(true);
      expect(creditCodeDivision(code)).toBe(unit.division);
    });
  });
});
