import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type {
  ClaimedItem,
  CompleteResult,
  ItemEventView,
  ItemPage,
  ItemView,
  LeaseView,
  WriteBackResult,
} from "../../queue/robot-items.server";

/**
 * A small client for the robot API, as any RPA tool would call it: plain HTTP with fetch and a
 * bearer token. The reference robot is built on it, and the tests drive the portal with it.
 */

export class RobotApiCallError extends Error {
  override name = "RobotApiCallError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

export interface RobotClientOptions {
  /** The portal's address, e.g. https://e-tjanster.kommun.se (the API is under /api/robot/v1). */
  url: string;
  token: string;
  /** Waits and tries again when rate limited, up to this many times. */
  rateLimitRetries?: number;
}

export class RobotClient {
  readonly base: string;
  private readonly token: string;
  private readonly rateLimitRetries: number;

  constructor(options: RobotClientOptions) {
    this.base = new URL("/api/robot/v1", options.url).href;
    this.token = options.token;
    this.rateLimitRetries = options.rateLimitRetries ?? 5;
  }

  /**
   * `repeatable`: the call may be sent again when the connection breaks before an answer, because
   * the API answers a repeat as the first (reads, completion, write-backs with their idempotency
   * key) or a lost answer costs only time (a claim whose items return when their lease runs out).
   */
  private async call<T>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    repeatable = method === "GET",
  ): Promise<{ status: number; data: T }> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: "application/json",
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        // Mostly a kept-alive connection the portal closed as idle while this process was busy,
        // noticed only when used again; a call the API answers alike when repeated gets one more try.
        if (repeatable && attempt === 0 && brokenConnection(error)) continue;
        throw error;
      }
      if (response.ok) return { status: response.status, data: (await response.json()) as T };
      const error = await asError(response);
      if (error.code === "rate_limited" && attempt < this.rateLimitRetries) {
        await sleep((error.retryAfterSeconds ?? 1) * 1000);
        continue;
      }
      throw error;
    }
  }

  async claim(queue: string, max = 1): Promise<ClaimedItem[]> {
    const { data } = await this.call<{ items: ClaimedItem[] }>(
      "POST",
      `/queues/${encodeURIComponent(queue)}/claims`,
      { max },
      true,
    );
    return data.items;
  }

  async item(itemId: string): Promise<ItemView> {
    return (await this.call<{ item: ItemView }>("GET", `/items/${itemId}`)).data.item;
  }

  async events(itemId: string): Promise<ItemEventView[]> {
    return (await this.call<{ events: ItemEventView[] }>("GET", `/items/${itemId}/events`)).data.events;
  }

  async extendLease(itemId: string, leaseId: string, seconds?: number): Promise<LeaseView> {
    return (await this.call<{ lease: LeaseView }>("POST", `/items/${itemId}/lease`, { leaseId, seconds })).data.lease;
  }

  /** A page of items in the token's queues (reconciling), or the items with one receipt number. */
  async list(query: {
    queue?: string;
    state?: string[];
    reference?: string;
    since?: string;
    until?: string;
    limit?: number;
    cursor?: string;
  }): Promise<ItemPage> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) params.set(name, Array.isArray(value) ? value.join(",") : String(value));
    const search = params.size ? `?${params}` : "";
    return (await this.call<ItemPage>("GET", `/items${search}`)).data;
  }

  /** Sending the same completion again (its answer was lost) is answered as before, `replayed: true`. */
  async complete(
    itemId: string,
    input: { leaseId: string; caseNumber: string; caseSystem: string; output?: ItemView["output"] },
  ): Promise<CompleteResult> {
    return (await this.call<{ item: CompleteResult }>("POST", `/items/${itemId}/complete`, input, true)).data.item;
  }

  /** Hands a held item back until `until` (ISO time), without it counting as a failure. */
  async postpone(itemId: string, input: { leaseId: string; until: string; reason: string }): Promise<ItemView> {
    return (await this.call<{ item: ItemView }>("POST", `/items/${itemId}/postpone`, input)).data.item;
  }

  async fail(
    itemId: string,
    input: { leaseId: string; kind: "application" | "business"; reason: string },
  ): Promise<ItemView> {
    return (await this.call<{ item: ItemView }>("POST", `/items/${itemId}/fail`, input)).data.item;
  }

  async message(
    itemId: string,
    input: { idempotencyKey: string; kind?: "message" | "supplement_request"; body: string },
  ): Promise<WriteBackResult> {
    return (await this.call<{ message: WriteBackResult }>("POST", `/items/${itemId}/messages`, input, true)).data
      .message;
  }

  async status(
    itemId: string,
    input: { idempotencyKey: string; status?: "registered" | "closed"; text?: string },
  ): Promise<WriteBackResult> {
    return (await this.call<{ event: WriteBackResult }>("POST", `/items/${itemId}/status`, input, true)).data.event;
  }

  /**
   * Downloads an attachment to a file, checking its size and SHA-256 against what the claim said.
   * A broken download leaves no file behind.
   */
  async download(attachment: ClaimedItem["attachments"][number], file: string): Promise<void> {
    const response = await fetch(attachment.href, { headers: { Authorization: `Bearer ${this.token}` } });
    if (!response.ok || !response.body) throw await asError(response);
    const hash = createHash("sha256");
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const partial = `${file}.part`;
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream), measure, createWriteStream(partial));
      const sha256 = hash.digest("hex");
      if (size !== attachment.size || sha256 !== attachment.sha256)
        throw new Error(`the download of ${attachment.id} does not match its size and sha256`);
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }
}

async function asError(response: Response): Promise<RobotApiCallError> {
  const retryAfter = Number(response.headers.get("retry-after") ?? "");
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; details?: Record<string, unknown> };
    };
    return new RobotApiCallError(
      response.status,
      body.error?.code ?? "unknown",
      body.error?.message ?? response.statusText,
      body.error?.details,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  } catch {
    return new RobotApiCallError(response.status, "unknown", response.statusText);
  }
}

/** fetch's "fetch failed" whose cause is the socket going away (reset, or closed under a write). */
function brokenConnection(error: unknown): boolean {
  const cause = error instanceof TypeError ? (error.cause as { code?: string } | undefined) : undefined;
  return ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"].includes(cause?.code ?? "");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
