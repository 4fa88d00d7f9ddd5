// react-dom ships this entry point (see app/entry.server.tsx for why the server uses it), but
// @types/react-dom declares its functions only under "react-dom/server".
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
