import { describe, expect, it } from "vitest";
import { isWellFormedCode, newVerificationCode, normalizeCode } from "~/modules/certificates/codes.server";
import {
  certificateNumber,
  isValidCategoryCode,
  nextSequence,
  parseCertificateNumber,
} from "~/modules/certificates/numbering";
import { awardLine, bodySentence, formatChineseDate } from "~/modules/certificates/wording";

describe("certificate numbers", () => {
  it("reads PX-<year>-<category code>-<sequence of 3+ digits>", () => {
    expect(certificateNumber({ editionYear: 2026, categoryCode: "QWFB", sequence: 1 })).toBe(
      "PX-2026-QWFB-001",
    );
    expect(certificateNumber({ editionYear: 2026, categoryCode: "DSP", sequence: 42 })).toBe(
      "PX-2026-DSP-042",
    );
    expect(certificateNumber({ editionYear: 2026, categoryCode: "MSFW", sequence: 1234 })).toBe(
      "PX-2026-MSFW-1234",
    );
  });

  it("refuses parts that would make an ambiguous number", () => {
    expect(() => certificateNumber({ editionYear: 26, categoryCode: "QWFB", sequence: 1 })).toThrow(
      RangeError,
    );
    expect(() => certificateNumber({ editionYear: 2026, categoryCode: "qwfb", sequence: 1 })).toThrow(
      RangeError,
    );
    expect(() => certificateNumber({ editionYear: 2026, categoryCode: "Q-W", sequence: 1 })).toThrow(
      RangeError,
    );
    expect(() => certificateNumber({ editionYear: 2026, categoryCode: "QWFB", sequence: 0 })).toThrow(
      RangeError,
    );
    expect(isValidCategoryCode("RMCX")).toBe(true);
    expect(isValidCategoryCode("权威")).toBe(false);
  });

  it("parses what it prints, forgiving case and spaces but not other spellings", () => {
    expect(parseCertificateNumber(" px-2026-qwfb-007 ")).toEqual({
      editionYear: 2026,
      categoryCode: "QWFB",
      sequence: 7,
    });
    expect(parseCertificateNumber("PX-2026-QWFB-1000")).toEqual({
      editionYear: 2026,
      categoryCode: "QWFB",
      sequence: 1000,
    });
    expect(parseCertificateNumber("PX-2026-QWFB-0007")).toBeNull();
    expect(parseCertificateNumber("PX-2026-QWFB-000")).toBeNull();
    expect(parseCertificateNumber("PX-2026-QWFB-7")).toBeNull();
    expect(parseCertificateNumber("XX-2026-QWFB-007")).toBeNull();
  });

  it("continues after the highest sequence used, never reusing a gap", () => {
    expect(nextSequence([])).toBe(1);
    expect(nextSequence([1, 2, 5])).toBe(6);
  });
});

describe("verification codes", () => {
  it("are 26 characters of an alphabet without 0, O, 1 or I", () => {
    for (let i = 0; i < 200; i++) {
      const code = newVerificationCode();
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{26}$/);
      expect(isWellFormedCode(code)).toBe(true);
    }
  });

  it("do not repeat and use the whole alphabet evenly", () => {
    const codes = Array.from({ length: 2000 }, () => newVerificationCode());
    expect(new Set(codes).size).toBe(codes.length);
    const counts = new Map<string, number>();
    for (const ch of codes.join("")) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 52,000 characters over 32 letters: about 1,625 each; a biased generator would stray far.
    for (const n of counts.values()) expect(Math.abs(n - 1625)).toBeLessThan(250);
  });

  it("checks the shape only, and reads codes typed from paper", () => {
    expect(isWellFormedCode("ABCDEFGHJKLMNPQRSTUVWXYZ23")).toBe(true);
    expect(isWellFormedCode("abcdefghjklmnpqrstuvwxyz23")).toBe(false);
    expect(isWellFormedCode("ABCDEFGHJKLMNPQRSTUVWXYZ2")).toBe(false);
    expect(isWellFormedCode("0BCDEFGHJKLMNPQRSTUVWXYZ23")).toBe(false);
    expect(isWellFormedCode("../../etc/passwd")).toBe(false);
    expect(isWellFormedCode(normalizeCode("abcde-fghjk mnpqr-stuvw-xyz23 l"))).toBe(true);
  });
});

describe("wording", () => {
  it("writes the date the Chinese way, without leading zeros", () => {
    expect(formatChineseDate("2026-11-23")).toBe("2026年11月23日");
    expect(formatChineseDate("2027-01-05")).toBe("2027年1月5日");
    expect(() => formatChineseDate("2026-02-30")).toThrow(RangeError);
    expect(() => formatChineseDate("23/11/2026")).toThrow(RangeError);
  });

  it("names the entry for case categories and the account for account categories", () => {
    expect(bodySentence("2026年度评选", { kind: "entry", title: "台风快报" })).toBe(
      "\u3000\u3000贵单位报送的案例《台风快报》在2026年度评选中荣获",
    );
    expect(bodySentence("2026年度评选", { kind: "account", name: "平安东莞" })).toContain(
      "政务新媒体账号“平安东莞”",
    );
    expect(awardLine("权威发布", "一等奖")).toBe("权威发布\u3000一等奖");
  });
});
