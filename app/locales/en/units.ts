import type { units as zh } from "../zh-CN/units";

/** English: units. Typed against zh-CN so a missing or extra key fails the type check. */
export const units: Record<keyof typeof zh, string> = {};
