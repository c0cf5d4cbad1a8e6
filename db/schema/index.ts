export * from "./auth";
export * from "./editions";
export * from "./operations";
export * from "./units";
