import { describe, expect, it } from "vitest";
import { linkKey } from "~/modules/entries/link";

describe("link keys for finding the same case twice", () => {
  it("ignores scheme, www, trailing slash, fragment and tracking parameters", () => {
    const a = linkKey("https://www.example.gov.cn/news/123/?utm_source=wechat&spm=a.b#top");
    const b = linkKey("http://example.gov.cn/news/123");
    expect(a).toBe(b);
    expect(a).toBe("example.gov.cn/news/123");
  });

  it("keeps parameters that identify the page, in a stable order", () => {
    expect(linkKey("https://example.cn/a?id=2&page=1")).toBe(linkKey("https://example.cn/a?page=1&id=2"));
    expect(linkKey("https://example.cn/a?id=2")).not.toBe(linkKey("https://example.cn/a?id=3"));
  });

  it("keeps only __biz, mid, idx and sn of WeChat article links", () => {
    const shared =
      "https://mp.weixin.qq.com/s?__biz=MzA3&mid=265&idx=1&sn=abc&chksm=xyz&scene=21&from=timeline#wechat_redirect";
    expect(linkKey(shared)).toBe("mp.weixin.qq.com/s?__biz=MzA3&idx=1&mid=265&sn=abc");
    expect(linkKey("http://mp.weixin.qq.com/s?sn=abc&idx=1&mid=265&__biz=MzA3")).toBe(linkKey(shared));
  });

  it("gives an empty key for an empty link", () => {
    expect(linkKey("  ")).toBe("");
  });
});
