/**
 * The key under which two links count as "the same case": scheme, host case, "www.", trailing
 * slash, fragment and tracking parameters do not matter. WeChat article links keep only the
 * parameters that identify the article (__biz, mid, idx, sn).
 */
const TRACKING =
  /^(utm_\w+|spm|from|share\w*|scene|clicktime|enterid|srcid|sharer_\w+|chksm|wxshare_count|isappinstalled|timestamp|vd_source|is_from_webapp|sender_device|share_token|_wv\w*|xhsshare|mpshare|subscene|sessionid|ascene|devicetype|version|lang|nettype|pass_ticket|exportkey|abtest_cookie|wx_header|poc_token|key)$/i;
const WECHAT_KEEP = new Set(["__biz", "mid", "idx", "sn"]);

export function linkKey(link: string): string {
  const trimmed = link.trim();
  if (!trimmed) return "";
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed.toLowerCase();
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, "");
  const wechat = host === "mp.weixin.qq.com";
  const params = [...url.searchParams.entries()]
    .filter(([k]) => (wechat ? WECHAT_KEEP.has(k) : !TRACKING.test(k)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const path = url.pathname.replace(/\/+$/, "");
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : "";
  return `${host}${url.port ? `:${url.port}` : ""}${path}${query}`;
}
