import { data } from "@remix-run/node";
import { csrfTokensMatch } from "../auth/csrf.server";
import type { RequestContext } from "../load-context";

/** Enough for any form in the portal; files go through the upload parser instead. */
const MAX_FORM_BYTES = 256 * 1024;

/**
 * The one way an action reads a submitted (url-encoded) form: bounded in size, and refused
 * with 403 unless it carries this browser's CSRF token.
 */
export async function readForm(request: Request, context: RequestContext): Promise<URLSearchParams> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) throw data(null, { status: 415 });
  const body = await readBounded(request, MAX_FORM_BYTES);
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw data(null, { status: 400 });
  }
  if (!csrfTokensMatch(form.get("csrf"), context.csrfToken)) throw data(null, { status: 403 });
  return form;
}

async function readBounded(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw data(null, { status: 413 });
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw data(null, { status: 413 });
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
