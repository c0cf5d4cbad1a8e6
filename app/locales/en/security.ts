import type { security as zh } from "../zh-CN/security";

/** English: account security (two-step login with TOTP). Typed against zh-CN so a missing or extra key fails the type check. */
export const security: Record<keyof typeof zh, string> = {
  "admin.security": "Security",
  "totp.title": "Two-step login",
  "totp.lead":
    "When it is on, signing in asks for the 6-digit code shown by your authenticator app (Google Authenticator, Microsoft Authenticator or any other TOTP app) as well as the password.",
  "totp.on": "Two-step login is on (since {date}).",
  "totp.off": "Two-step login is off.",
  "totp.scan": "1. Scan the QR code with your authenticator app, or type in the key below.",
  "totp.qrAlt": "QR code for the authenticator app",
  "totp.secret": "Key",
  "totp.confirm": "2. Enter the 6-digit code the app shows now to confirm and turn it on.",
  "totp.code": "6-digit code",
  "totp.enable": "Turn on two-step login",
  "totp.disableLead": "Turning two-step login off needs a current code.",
  "totp.disable": "Turn off two-step login",
  "totp.enabled": "Two-step login is on. The next sign-in will ask for a code.",
  "totp.disabled": "Two-step login is off.",
  "totp.format": "Enter the 6 digits.",
  "totp.wrong": "Wrong code. Check the code your authenticator app shows now.",
  "totp.replayed": "This code was already used. Wait for the app to show the next one.",
  "totp.attemptsLeft": "{n} tries left.",
  "totp.state": "This page is out of date. Reload it and try again.",
  "twoFactor.title": "Two-step login",
  "twoFactor.lead": "Enter the 6-digit code shown by your authenticator app.",
  "twoFactor.submit": "Verify and sign in",
  "twoFactor.expired": "The two-step check timed out. Please sign in again.",
  "twoFactor.ended": "Too many wrong codes. Please sign in again.",
  "twoFactor.back": "Back to sign in",
} as const;
