import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { redactSecrets, SECRET_MARK } from "~/modules/mail/redact";

describe("redactSecrets", () => {
  it("hides invitation and reset tokens, in text and in links, whatever their shape", () => {
    const token = randomBytes(32).toString("base64url");
    const html = `<a href="http://x.cn/invite/${token}">go</a> http://x.cn/reset-password/short-one`;
    const out = redactSecrets(html);
    expect(out).not.toContain(token);
    expect(out).not.toContain("short-one");
    expect(out).toBe(
      `<a href="http://x.cn/invite/${SECRET_MARK}">go</a> http://x.cn/reset-password/${SECRET_MARK}`,
    );
  });

  it("hides a random token under any other path too", () => {
    const token = randomBytes(32).toString("base64url");
    expect(redactSecrets(`http://x.cn/some-new-link/${token}?a=1`)).toBe(
      `http://x.cn/some-new-link/${SECRET_MARK}?a=1`,
    );
  });

  it("leaves what is not a secret alone: slugs, codes, addresses, Chinese", () => {
    const text =
      "尊敬的李四：http://x.cn/e/guangdong-government-new-media-awards-2026 验证码 ABCDEFGHJKMNPQRTUWXY234567 unit@example.cn";
    expect(redactSecrets(text)).toBe(text);
  });
});
