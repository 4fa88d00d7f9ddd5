import { z } from "zod";
import { eServices, services, serviceById } from "../e-services/registry.server";
import { answersSchema } from "../intake/answers-schema";
import { queueNames } from "../intake/definition";
import { findVersion } from "../intake/versions";
import {
  claimedItem,
  claimRequest,
  completeRequest,
  errorBody,
  failRequest,
  itemEventView,
  itemView,
  leaseRequest,
  itemPage,
  leaseView,
  listQuery,
  completionOutput,
  attachmentView,
  messageRequest,
  postponeRequest,
  statusRequest,
  writeBackView,
} from "./robot-api-schemas";
import { robotErrorCodes, type RobotErrorCode } from "./robot-errors";

/**
 * The robot API's OpenAPI 3.1 document, generated from the same zod schemas the router
 * validates with, and each e-service version's answers as a JSON Schema generated from its
 * fields' own schemas (FieldBase.schema).
 */

// ---------------------------------------------------------------------------------------------
// Answers

/** The answers' zod schema lives with the engine; re-exported for the robot contract's readers. */
export { answersSchema };

export function answersJsonSchema(serviceId: string, version: number, apiBase: string) {
  const $id = `${apiBase}/schemas/${encodeURIComponent(serviceId)}/${version}`;
  // A schema served before is served as it was, byte for byte; the others are generated from the
  // version's frozen steps.
  const archived = eServices.find((m) => m.definition.id === serviceId)?.archivedSchemas[version];
  if (archived) return { ...archived, $id };
  const service = serviceById(serviceId);
  const definition = service && findVersion(service, version);
  if (!definition) return null;
  return {
    ...z.toJSONSchema(answersSchema(definition), { target: "draft-2020-12", unrepresentable: "any" }),
    $id,
    title: `${definition.id} v${definition.version}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Operations

export type RobotTag = "queue" | "items" | "writeBack" | "documentation";

export interface RobotOperation {
  operationId: string;
  method: "get" | "post";
  path: string;
  tag: RobotTag;
  summary: string;
  description?: string;
  auth: boolean;
  request?: z.ZodType;
  /** Query parameters, each a string. */
  query?: z.ZodObject;
  /** The success status and its body. */
  success: { status: number; schema?: z.ZodType; contentType?: string; description: string };
  alsoSuccess?: { status: number; description: string };
  errors: RobotErrorCode[];
}

const authErrors: RobotErrorCode[] = ["unauthorized", "token_revoked", "rate_limited"];
const itemErrors: RobotErrorCode[] = [...authErrors, "queue_out_of_scope", "item_not_found"];
const bodyErrors: RobotErrorCode[] = ["invalid_request", "malformed_json", "body_too_large", "unsupported_media_type"];
const leaseErrors: RobotErrorCode[] = [
  "item_not_held",
  "held_by_another",
  "lease_superseded",
  "lease_expired",
  "already_completed",
  "already_failed",
];

/** What the API answers, as named components; each response refers to one. */
const completedItem = itemView
  .extend({ replayed: z.boolean().describe("True when this completion was made before and nothing changed.") })
  .describe("An item as completed.");
const lease = z.object({ lease: leaseView });
const itemResponse = z.object({ item: itemView });
const completedItemResponse = z.object({ item: completedItem });
const eventsResponse = z.object({ events: z.array(itemEventView) });
const messageResponse = z.object({ message: writeBackView });
const statusResponse = z.object({ event: writeBackView });

/** The claim's body is built with the e-services' answers (components()); operations name it by this. */
const CLAIM_RESPONSE = z.object({ items: z.array(claimedItem) });

export const robotOperations: RobotOperation[] = [
  {
    operationId: "claimItems",
    method: "post",
    path: "/queues/{queue}/claims",
    tag: "queue",
    summary: "Claim the next items from a queue, each under a lease.",
    description:
      "Highest priority first (an acute report before everything else), oldest first within a priority. " +
      "An empty list means the queue has nothing to claim now. The answers are decrypted; the read is audited.",
    auth: true,
    request: claimRequest,
    success: { status: 200, schema: CLAIM_RESPONSE, description: "The claimed items." },
    errors: [...authErrors, "queue_not_found", "queue_out_of_scope", ...bodyErrors],
  },
  {
    operationId: "listItems",
    method: "get",
    path: "/items",
    tag: "queue",
    summary: "List the token's items by state, arrival time or receipt number, a page at a time.",
    description:
      "For reconciling the robot's records with the portal's, e.g. every morning. Only the queues the token " +
      "may use are searched. Oldest first; pass nextCursor as cursor for the next page (null on the last). " +
      "`reference` finds the items of one receipt number (a submission, and its supplements and withdrawal). " +
      "An item a person registered by hand or put back carries handledByPerson: the robot must not register it again.",
    auth: true,
    query: listQuery,
    success: { status: 200, schema: itemPage, description: "One page of items, without their content." },
    errors: [...authErrors, "queue_out_of_scope", "invalid_request"],
  },
  {
    operationId: "getItem",
    method: "get",
    path: "/items/{itemId}",
    tag: "items",
    summary: "Read an item's state (without its content).",
    auth: true,
    success: { status: 200, schema: itemResponse, description: "The item." },
    errors: itemErrors,
  },
  {
    operationId: "getItemEvents",
    method: "get",
    path: "/items/{itemId}/events",
    tag: "items",
    summary: "Read an item's event history.",
    auth: true,
    success: { status: 200, schema: eventsResponse, description: "Oldest first." },
    errors: itemErrors,
  },
  {
    operationId: "extendLease",
    method: "post",
    path: "/items/{itemId}/lease",
    tag: "items",
    summary: "Extend a held lease (heartbeat).",
    description: "Call it well before the lease ends while the work takes longer than the lease.",
    auth: true,
    request: leaseRequest,
    success: { status: 200, schema: lease, description: "The lease's new end." },
    errors: [...itemErrors, ...bodyErrors, ...leaseErrors],
  },
  {
    operationId: "completeItem",
    method: "post",
    path: "/items/{itemId}/complete",
    tag: "items",
    summary: "Complete an item with the case number created for it.",
    description:
      "The person's Mina sidor then shows the submission as registered, with the case number, and is told " +
      "something is new. The same completion sent again by the same robot under the same lease (its answer was " +
      "lost) is answered 200 with the same body and `replayed: true`, and changes nothing; a completion with " +
      "another case number is refused (already_completed, with the case number the item has).",
    auth: true,
    request: completeRequest,
    success: {
      status: 200,
      schema: completedItemResponse,
      description: "The completed item; replayed is true when this completion had been made before.",
    },
    errors: [...itemErrors, ...bodyErrors, ...leaseErrors],
  },
  {
    operationId: "postponeItem",
    method: "post",
    path: "/items/{itemId}/postpone",
    tag: "items",
    summary: "Hand a held item back until a later time (the case system is closed), without failing it.",
    description:
      "The lease ends; the item is state postponed and can be claimed again from `until` (nextAttemptAt), with " +
      "the same attempt number. It spends no retry and adds no backoff, unlike an application exception.",
    auth: true,
    request: postponeRequest,
    success: { status: 200, schema: itemResponse, description: "The postponed item." },
    errors: [...itemErrors, ...bodyErrors, ...leaseErrors],
  },
  {
    operationId: "failItem",
    method: "post",
    path: "/items/{itemId}/fail",
    tag: "items",
    summary: "Fail an item: an application exception (retried) or a business exception (to people).",
    auth: true,
    request: failRequest,
    success: { status: 200, schema: itemResponse, description: "The failed item." },
    errors: [...itemErrors, ...bodyErrors, ...leaseErrors],
  },
  {
    operationId: "downloadAttachment",
    method: "get",
    path: "/items/{itemId}/attachments/{attachmentId}",
    tag: "items",
    summary: "Download one of a held item's attachments (streamed).",
    description:
      "The body is the file. Repr-Digest carries its SHA-256: a body shorter than Content-Length, or with " +
      "another digest, is broken and must be fetched again.",
    auth: true,
    success: { status: 200, contentType: "application/octet-stream", description: "The file." },
    errors: [...itemErrors, "attachment_not_found", "item_not_held", "held_by_another", "lease_expired"],
  },
  {
    operationId: "postMessage",
    method: "post",
    path: "/items/{itemId}/messages",
    tag: "writeBack",
    summary: "Send the person a message or a request for a supplement.",
    description:
      "Idempotent by the robot's key. Refused for an anonymous report (no_recipient). The person is told " +
      "that something is waiting on Mina sidor, never what.",
    auth: true,
    request: messageRequest,
    success: { status: 201, schema: messageResponse, description: "Written." },
    alsoSuccess: { status: 200, description: "The key was used before with the same message: nothing new written." },
    errors: [...itemErrors, ...bodyErrors, "no_recipient", "idempotency_conflict"],
  },
  {
    operationId: "postStatus",
    method: "post",
    path: "/items/{itemId}/status",
    tag: "writeBack",
    summary: "Post a status update for the person's Mina sidor.",
    description:
      "Idempotent by the robot's key. Text is refused for an anonymous report (no_recipient). The statuses " +
      "registered and closed say the case exists in the case system: both are refused (not_registered) until " +
      "the item is completed with a case number; text alone needs no registration. An outcome " +
      "(an investigation was opened, was not opened, or is already under way) is only for a report of concern " +
      "about a child from a reporter with a duty to report who asked for it and logged in: the law lets them, " +
      "and nobody else, be told. Refused for a report about an adult (outcome_adult_report), a reporter who " +
      "did not ask (outcome_not_requested), anyone else (outcome_not_applicable) and a reporter who asked " +
      "without logging in (no_recipient: tell them another way).",
    auth: true,
    request: statusRequest,
    success: { status: 201, schema: statusResponse, description: "Written." },
    alsoSuccess: { status: 200, description: "The key was used before with the same update: nothing new written." },
    errors: [
      ...itemErrors,
      ...bodyErrors,
      "no_recipient",
      "not_registered",
      "outcome_not_applicable",
      "outcome_adult_report",
      "outcome_not_requested",
      "idempotency_conflict",
    ],
  },
  {
    operationId: "getOpenApi",
    method: "get",
    path: "/openapi.json",
    tag: "documentation",
    summary: "This document.",
    auth: false,
    success: { status: 200, contentType: "application/json", description: "OpenAPI 3.1." },
    errors: [],
  },
  {
    operationId: "getAnswersSchema",
    method: "get",
    path: "/schemas/{serviceId}/{version}",
    tag: "documentation",
    summary: "The JSON Schema of one e-service version's answers.",
    auth: false,
    success: { status: 200, contentType: "application/schema+json", description: "JSON Schema 2020-12." },
    errors: ["schema_not_found"],
  },
];

// ---------------------------------------------------------------------------------------------
// The document

type JsonSchema = Record<string, unknown>;

const CS = "#/components/schemas/";

/**
 * One ClaimedItem per e-service, its answers under that service's schema, told apart by serviceId
 * (an OpenAPI discriminator), so a generated client gets each service's answers as named types.
 * Items of an older version of a service carry that version's answers (see answersSchema).
 */
function claimedItemByService() {
  const variants = services.map((definition) => {
    const answers = answersSchema(definition);
    const variant = claimedItem
      .extend({
        serviceId: z.literal(definition.id),
        answers: answers.nullable().describe("For a submission: the answers, by step and field."),
      })
      .describe(`A claimed item of ${definition.id}.`);
    return { definition, answers, variant };
  });
  const union = z
    .discriminatedUnion(
      "serviceId",
      variants.map((v) => v.variant) as unknown as [typeof claimedItem, ...(typeof claimedItem)[]],
    )
    .describe("A claimed item; its serviceId says which e-service's answers it carries.");
  return { variants, union };
}

interface Components {
  schemas: Record<string, JsonSchema>;
  /** The component a response or request schema is published as. */
  ref(schema: z.ZodType): string | null;
  claimResponse: z.ZodType;
}

let cached: Components | null = null;

/**
 * Every named schema is one component, referred to by $ref wherever it is used (zod's registry
 * does the referring), requests as the API accepts them and responses as it answers.
 */
function components(): Components {
  if (cached) return cached;
  const { variants, union } = claimedItemByService();
  const claimResponse = z.object({ items: z.array(union) });

  const inputs = z.registry<{ id: string }>();
  const inputNames: [z.ZodType, string][] = [
    [claimRequest, "ClaimRequest"],
    [leaseRequest, "LeaseRequest"],
    [completeRequest, "CompleteRequest"],
    [postponeRequest, "PostponeRequest"],
    [failRequest, "FailRequest"],
    [messageRequest, "MessageRequest"],
    [statusRequest, "StatusRequest"],
    [completionOutput, "CompletionOutput"],
  ];
  const outputs = z.registry<{ id: string }>();
  const outputNames: [z.ZodType, string][] = [
    [attachmentView, "Attachment"],
    [leaseView, "Lease"],
    [completionOutput, "CompletionOutput"],
    [itemView, "Item"],
    [completedItem, "CompletedItem"],
    [itemEventView, "ItemEvent"],
    [itemPage, "ItemPage"],
    [writeBackView, "WriteBack"],
    [errorBody, "Error"],
    [union, "ClaimedItem"],
    ...variants.flatMap(({ definition, answers, variant }): [z.ZodType, string][] => [
      [answers, `Answers_${definition.id}_v${definition.version}`],
      [variant, `ClaimedItem_${definition.id}`],
    ]),
    [claimResponse, "ClaimResponse"],
    [lease, "LeaseResponse"],
    [itemResponse, "ItemResponse"],
    [completedItemResponse, "CompletedItemResponse"],
    [eventsResponse, "EventsResponse"],
    [messageResponse, "MessageResponse"],
    [statusResponse, "StatusResponse"],
  ];
  for (const [schema, id] of inputNames) inputs.add(schema, { id });
  for (const [schema, id] of outputNames) outputs.add(schema, { id });

  const convert = (registry: typeof inputs, io: "input" | "output") =>
    z.toJSONSchema(registry, { target: "draft-2020-12", io, unrepresentable: "any", uri: (id) => `${CS}${id}` })
      .schemas as Record<string, JsonSchema>;
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, json] of [
    ...Object.entries(convert(outputs, "output")),
    ...Object.entries(convert(inputs, "input")),
  ]) {
    const { $schema: _schema, $id: _id, ...rest } = json;
    schemas[name] = rest;
  }
  // OpenAPI's discriminator: a generated client narrows a ClaimedItem by its serviceId.
  schemas.ClaimedItem = {
    ...schemas.ClaimedItem,
    discriminator: {
      propertyName: "serviceId",
      mapping: Object.fromEntries(
        variants.map(({ definition }) => [definition.id, `${CS}ClaimedItem_${definition.id}`]),
      ),
    },
  };
  const names = new Map<z.ZodType, string>([...outputNames, ...inputNames]);
  cached = {
    schemas,
    ref: (schema) => (names.has(schema) ? `${CS}${names.get(schema)}` : null),
    claimResponse,
  };
  return cached;
}

/** The error body of one response, its code narrowed to the codes that response can carry. */
const errorSchema = (codes: string[]) => ({
  allOf: [
    { $ref: `${CS}Error` },
    {
      type: "object",
      properties: { error: { type: "object", properties: { code: { type: "string", enum: codes } } } },
    },
  ],
});

const statusText: Record<number, string> = {
  400: "The request is malformed or invalid.",
  401: "No valid robot token.",
  403: "The token does not cover the queue.",
  404: "Not found.",
  405: "Method not allowed.",
  409: "The item's state does not allow this.",
  413: "The body is too large.",
  415: "The body is not JSON.",
  429: "Too many requests; see Retry-After.",
  503: "The portal's database cannot be reached right now; nothing changed. Try again after Retry-After.",
};

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema:
      name === "queue"
        ? { type: "string", enum: [...queueNames] }
        : name === "version"
          ? { type: "integer", minimum: 1 }
          : name === "serviceId"
            ? { type: "string" }
            : { type: "string", format: "uuid" },
  }));
}

/** Query parameters from a zod object of (optional) strings, described by their schemas. */
function queryParameters(query: z.ZodObject | undefined) {
  if (!query) return [];
  const json = z.toJSONSchema(query, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as {
    properties: Record<string, JsonSchema & { description?: string }>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, { description, ...schema }]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    ...(description ? { description } : {}),
    schema,
  }));
}

export function robotOpenApi(apiBase: string) {
  const { schemas, ref, claimResponse } = components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of robotOperations) {
    const responses: Record<string, unknown> = {};
    const { success } = op;
    const body = success.schema === CLAIM_RESPONSE ? claimResponse : success.schema;
    const bodyRef = body ? ref(body) : null;
    if (body && !bodyRef) throw new Error(`${op.operationId}: its response schema is not a named component`);
    const content = bodyRef
      ? { "application/json": { schema: { $ref: bodyRef } } }
      : { [success.contentType ?? "application/json"]: { schema: {} } };
    responses[String(success.status)] = { description: success.description, content };
    // A replayed write answers the first write's body again.
    if (op.alsoSuccess) responses[String(op.alsoSuccess.status)] = { description: op.alsoSuccess.description, content };
    const byStatus = new Map<number, string[]>();
    // Any call may meet a database restart or failover.
    for (const code of [...op.errors, "unavailable" as const]) {
      const status = robotErrorCodes[code];
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status)] = {
        description: `${statusText[status] ?? "Refused."} Codes: ${codes.join(", ")}.`,
        content: { "application/json": { schema: errorSchema(codes) } },
        ...(status === 429 || status === 503
          ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } } }
          : {}),
      };
    }
    const parameters = [...pathParameters(op.path), ...queryParameters(op.query)];
    const requestRef = op.request ? ref(op.request) : null;
    paths[op.path] = {
      ...(paths[op.path] ?? {}),
      [op.method]: {
        operationId: op.operationId,
        tags: [op.tag],
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(requestRef
          ? {
              requestBody: {
                required: op.operationId !== "claimItems",
                content: { "application/json": { schema: { $ref: requestRef } } },
              },
            }
          : {}),
        responses,
        security: op.auth ? [{ robotToken: [] }] : [],
      },
    };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Ingång robot API",
      version: "1.0.0",
      description:
        "Work queues for RPA robots: claim submissions under a lease, register them in the case system, and " +
        "write back to the person. Every call is audited. Errors are { error: { code, message } }.",
      license: { name: "EUPL-1.2", identifier: "EUPL-1.2" },
    },
    servers: [{ url: apiBase }],
    tags: [
      { name: "queue", description: "Claiming work." },
      { name: "items", description: "One claimed item: lease, completion, failure, files, history." },
      { name: "writeBack", description: "Messages and status updates to the person." },
      { name: "documentation", description: "This document and the answers' schemas." },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        robotToken: {
          type: "http",
          scheme: "bearer",
          description: "A robot token from `robot-token create`, scoped to queues.",
        },
      },
    },
  };
}
