/** 简体中文: units. */
export const units = {} as const;
