import { describe, expect, it } from "vitest";
import { addressKey } from "~/modules/throttle/address";

describe("addressKey", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
  });

  it("counts every address of one IPv6 /64 as one client", () => {
    const a = addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
    expect(a).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002::1")).toBe(a);
    expect(addressKey("2001:db8:1:2::ffff")).toBe(a);
    expect(addressKey("2001:db8:1:3::1")).not.toBe(a);
  });

  it("reads compressed forms, loopback and zones", () => {
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("treats an IPv4-mapped address as the IPv4 address", () => {
    expect(addressKey("::ffff:198.51.100.4")).toBe("198.51.100.4");
  });

  it("leaves what is not an address alone", () => {
    expect(addressKey("unknown")).toBe("unknown");
  });
});
