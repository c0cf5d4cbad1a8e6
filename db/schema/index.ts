export * from "./auth";
export * from "./editions";
export * from "./entries";
export * from "./invitations";
export * from "./judging";
export * from "./operations";
export * from "./results";
export * from "./units";
