// React 18's types describe the web-streams renderer under "react-dom/server" only; the server
// imports it from its own entry point (see app/entry.server.tsx for why).
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
