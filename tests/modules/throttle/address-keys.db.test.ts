import { describe, expect, it } from "vitest";
import { RESET, requestPasswordReset } from "~/modules/auth/password-reset.server";
import { lookupCertificate } from "~/modules/certificates/verify.server";
import { recordThrottleEvent, THROTTLES, throttleState } from "~/modules/throttle/throttle.server";
import { testAppForFile } from "../../support/app";

/*
 * Every throttle that counts a client address counts an IPv6 client by its /64: a subscriber is
 * usually given a whole /64 and could otherwise take a fresh address for every try.
 * (The login throttle: tests/modules/auth/login-throttle.db.test.ts; objections:
 * tests/modules/results/notice-objections.db.test.ts.)
 */

// The app is not talked to: it opens this file's database for the calls below.
testAppForFile();

/** A different address of the same /64 for each n. */
const inNetwork = (network: string, n: number) => `${network}:${(n + 1).toString(16)}:0:0:1`;

describe("throttles keyed on an address", () => {
  it("count an address key by its /64 whoever passes it, so no caller can forget", async () => {
    const network = "2001:db8:d:1";
    const now = new Date();
    for (let i = 0; i < THROTTLES.certificateLookup.max; i++) {
      await recordThrottleEvent("certificateLookup", inNetwork(network, i), now);
    }
    expect((await throttleState("certificateLookup", `${network}::9`, now)).blocked).toBe(true);
    expect((await throttleState("certificateLookup", `${network}::/64`, now)).blocked).toBe(true);
    expect((await throttleState("certificateLookup", "2001:db8:d:2::9", now)).blocked).toBe(false);
    // Keys that are no address (an email, say) are counted as they are.
    expect((await throttleState("certificateLookup", "someone@example.cn", now)).blocked).toBe(false);
  });

  it("stop certificate code guessing from one IPv6 /64", async () => {
    const network = "2001:db8:a:1";
    const now = new Date();
    for (let i = 0; i < THROTTLES.certificateLookup.max; i++) {
      expect((await lookupCertificate(`NOPE${i}`, inNetwork(network, i), now)).kind).toBe("unknown");
    }
    expect((await lookupCertificate("NOPE", `${network}:ffff:ffff:ffff:ffff`, now)).kind).toBe("throttled");
    expect((await lookupCertificate("NOPE", "2001:db8:a:2::1", now)).kind).toBe("unknown");
  });

  it("stop password reset requests from one IPv6 /64", async () => {
    const network = "2001:db8:b:1";
    const now = new Date();
    for (let i = 0; i < RESET.perIpPerHour; i++) {
      const result = await requestPasswordReset(
        `reset${i}@example.cn`,
        { ip: inNetwork(network, i), locale: "zh-CN" },
        now,
      );
      expect(result.throttled).toBe(false);
    }
    const more = await requestPasswordReset(
      "reset-more@example.cn",
      { ip: `${network}::abcd`, locale: "zh-CN" },
      now,
    );
    expect(more.throttled).toBe(true);
    const elsewhere = await requestPasswordReset(
      "reset-else@example.cn",
      { ip: "2001:db8:b:2::1", locale: "zh-CN" },
      now,
    );
    expect(elsewhere.throttled).toBe(false);
  });
});
