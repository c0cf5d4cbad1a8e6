import { en } from "~/locales/en";
import { zhCN } from "~/locales/zh-CN";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;

const catalogs: Record<Locale, Messages> = { "zh-CN": zhCN, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(zhCN, value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * A translator for one locale. `{name}` in a message is replaced by params.name.
 * An unknown key is returned as it is, so a mistake shows up on the page instead of crashing it.
 */
export function translator(locale: Locale): Translate {
  const messages = catalogs[locale];
  return (key, params) => {
    const template = messages[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

/** Translates a message that may be a key (zod issues carry keys) or already plain text. */
export function translateMessage(t: Translate, message: string): string {
  const [key, raw] = message.split("|", 2);
  if (key && isMessageKey(key)) {
    const params = raw ? (JSON.parse(raw) as Record<string, string | number>) : undefined;
    return t(key, params);
  }
  return message;
}

/** Encodes a key with parameters as one string, so it can travel inside a zod issue message. */
export function messageWithParams(key: MessageKey, params: Record<string, string | number>): string {
  return `${key}|${JSON.stringify(params)}`;
}

export function catalog(locale: Locale): Messages {
  return catalogs[locale];
}
