import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "~/locales/en";
import { zhCN } from "~/locales/zh-CN";
import { translateMessage, translator } from "~/modules/i18n/i18n";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

describe("locales", () => {
  it("have the same keys in zh-CN and en, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, value] of [...Object.entries(zhCN), ...Object.entries(en)]) {
      expect(value.trim(), key).not.toBe("");
    }
  });

  it("use the same {placeholders} in both languages", () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(en[key]), key).toEqual(names(zhCN[key]));
    }
  });

  it("contain every literal key the code and the mail templates use", () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles("app"), ...sourceFiles("emails")]) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z]+\.[\w.]+)"/g)) used.add(m[1] as string);
      for (const m of text.matchAll(/"((?:form|edition|category|phase|login|mail)\.[a-zA-Z.]+)"/g)) {
        used.add(m[1] as string);
      }
    }
    const missing = [...used].filter((k) => !(k in zhCN) && k !== "mail.server");
    expect(missing).toEqual([]);
  });

  it("interpolate parameters and translate encoded zod messages", () => {
    const zh = translator("zh-CN");
    const enT = translator("en");
    expect(zh("form.tooLong", { max: 20 })).toBe("不能超过 20 个字符。");
    expect(translateMessage(enT, 'form.between|{"min":0,"max":100}')).toBe(
      "Enter a whole number from 0 to 100.",
    );
    expect(translateMessage(zh, "plain text")).toBe("plain text");
  });
});
