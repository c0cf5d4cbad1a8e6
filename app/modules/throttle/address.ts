import { isIPv6 } from "node:net";

/**
 * The key a throttle counts a client address under. An IPv4 address is itself; an IPv6 address is
 * its /64 network, because one subscriber is usually given a whole /64 and could otherwise step
 * to a fresh address for every guess. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4
 * address it carries.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case and without leading zeros. */
function expandIPv6(ip: string): string[] {
  const withoutZone = ip.split("%")[0] ?? ip;
  const [head = "", tail] = withoutZone.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array.from({ length: missing }, () => "0"), ...right];
  return groups.map((g) => Number.parseInt(g, 16).toString(16));
}
