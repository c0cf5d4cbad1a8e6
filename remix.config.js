/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  // Modules outside app/ that the server bundle imports must be bundled, not left as bare paths.
  serverDependenciesToBundle: [/^@react-email\//],
  watchPaths: ["db/**/*.ts", "emails/**/*.tsx"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
