import { z } from "zod";
import { services, serviceById } from "../e-services/registry.server";
import { queueNames, type EServiceDefinition, type StepDef } from "../intake/definition";
import { REFERENCE } from "../intake/reference";
import {
  claimedItem,
  claimRequest,
  completeRequest,
  errorBody,
  failRequest,
  itemEventView,
  itemView,
  leaseRequest,
  leaseView,
  messageRequest,
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

/** A field may be left out when it is optional or shown only for some answers. */
function stepFields(step: StepDef) {
  return z.object(
    Object.fromEntries(
      Object.entries(step.fields).map(([name, field]) => [
        name,
        field.required && !field.when ? field.schema : field.schema.optional(),
      ]),
    ),
  );
}

const documentResolution = z.union([
  z.object({
    files: z.array(z.uuid()).min(1).describe("Ids of the item's attachments that answer the rule"),
    reusedFrom: z
      .string()
      .regex(REFERENCE)
      .optional()
      .describe(
        "The person confirmed that what they sent with this earlier submission (its reference) is unchanged; " +
          "the files are copies of it, attached to this item like any other",
      ),
  }),
  z.object({ later: z.literal(true).describe("The person will send it later") }),
]);

/** The answers of one e-service version: an object by step id, each by field id. */
export function answersSchema(definition: EServiceDefinition) {
  const steps = Object.fromEntries(
    definition.steps.map((step) => {
      let schema: z.ZodType;
      if (definition.documents?.stepId === step.id) schema = z.record(z.string(), documentResolution);
      else if (step.custom && Object.keys(step.fields).length === 0) schema = z.record(z.string(), z.unknown());
      else if (step.repeat) schema = z.object({ items: z.array(stepFields(step)).max(step.repeat.max) });
      else schema = stepFields(step);
      // Steps that apply only to some answers, and steps with nothing answered, may be absent.
      return [step.id, schema.optional()];
    }),
  );
  return z.object(steps).describe(`Answers to ${definition.id}, version ${definition.version}`);
}

/** The definition as it was at that version (its earlier steps), or null if it never had it. */
function definitionAt(definition: EServiceDefinition | undefined, version: number): EServiceDefinition | null {
  if (!definition) return null;
  if (definition.version === version) return definition;
  const earlier = definition.earlierVersions?.find((e) => e.version === version);
  return earlier ? { ...definition, version, steps: earlier.steps } : null;
}

export function answersJsonSchema(serviceId: string, version: number, apiBase: string) {
  const definition = definitionAt(serviceById(serviceId) ?? undefined, version);
  if (!definition) return null;
  return {
    ...z.toJSONSchema(answersSchema(definition), { target: "draft-2020-12", unrepresentable: "any" }),
    $id: `${apiBase}/schemas/${encodeURIComponent(serviceId)}/${version}`,
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
    success: { status: 200, schema: z.object({ items: z.array(claimedItem) }), description: "The claimed items." },
    errors: [...authErrors, "queue_not_found", "queue_out_of_scope", ...bodyErrors],
  },
  {
    operationId: "getItem",
    method: "get",
    path: "/items/{itemId}",
    tag: "items",
    summary: "Read an item's state (without its content).",
    auth: true,
    success: { status: 200, schema: z.object({ item: itemView }), description: "The item." },
    errors: itemErrors,
  },
  {
    operationId: "getItemEvents",
    method: "get",
    path: "/items/{itemId}/events",
    tag: "items",
    summary: "Read an item's event history.",
    auth: true,
    success: { status: 200, schema: z.object({ events: z.array(itemEventView) }), description: "Oldest first." },
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
    success: { status: 200, schema: z.object({ lease: leaseView }), description: "The lease's new end." },
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
      "something is new. Completing an item twice is refused (already_completed) and changes nothing.",
    auth: true,
    request: completeRequest,
    success: { status: 200, schema: z.object({ item: itemView }), description: "The completed item." },
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
    success: { status: 200, schema: z.object({ item: itemView }), description: "The failed item." },
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
    success: { status: 201, schema: z.object({ message: writeBackView }), description: "Written." },
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
      "Idempotent by the robot's key. Text is refused for an anonymous report (no_recipient). An outcome " +
      "(an investigation was opened, was not opened, or is already under way) is only for a report of concern " +
      "about a child from a reporter with a duty to report who asked for it and logged in: the law lets them, " +
      "and nobody else, be told. Refused for a report about an adult (outcome_adult_report), a reporter who " +
      "did not ask (outcome_not_requested), anyone else (outcome_not_applicable) and a reporter who asked " +
      "without logging in (no_recipient: tell them another way).",
    auth: true,
    request: statusRequest,
    success: { status: 201, schema: z.object({ event: writeBackView }), description: "Written." },
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

/** Named schemas go to components and are referenced; zod's own $schema line is dropped. */
function componentSchemas() {
  const named: [string, z.ZodType, "input" | "output"][] = [
    ["ClaimRequest", claimRequest, "input"],
    ["LeaseRequest", leaseRequest, "input"],
    ["CompleteRequest", completeRequest, "input"],
    ["FailRequest", failRequest, "input"],
    ["MessageRequest", messageRequest, "input"],
    ["StatusRequest", statusRequest, "input"],
    ["ClaimedItem", claimedItem, "output"],
    ["Item", itemView, "output"],
    ["ItemEvent", itemEventView, "output"],
    ["Lease", leaseView, "output"],
    ["WriteBack", writeBackView, "output"],
    ["Error", errorBody, "output"],
  ];
  const out: Record<string, JsonSchema> = {};
  for (const [name, schema, io] of named) {
    const { $schema: _drop, ...json } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });
    out[name] = json;
  }
  // Every version the robot may still meet in the queue, not only the current one.
  const versions = services.flatMap((d) => [d, ...(d.earlierVersions ?? []).map((e) => definitionAt(d, e.version)!)]);
  for (const definition of versions) {
    const { $schema: _drop, ...json } = z.toJSONSchema(answersSchema(definition), {
      target: "draft-2020-12",
      unrepresentable: "any",
    });
    out[`Answers_${definition.id}_v${definition.version}`] = json;
  }
  return out;
}

const refFor = (schema: z.ZodType): string | null => {
  const known = new Map<z.ZodType, string>([
    [claimRequest, "ClaimRequest"],
    [leaseRequest, "LeaseRequest"],
    [completeRequest, "CompleteRequest"],
    [failRequest, "FailRequest"],
    [messageRequest, "MessageRequest"],
    [statusRequest, "StatusRequest"],
  ]);
  const name = known.get(schema);
  return name ? `#/components/schemas/${name}` : null;
};

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

export function robotOpenApi(apiBase: string) {
  const schemas = componentSchemas();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of robotOperations) {
    const responses: Record<string, unknown> = {};
    const { success } = op;
    if (success.schema) {
      const { $schema: _drop, ...json } = z.toJSONSchema(success.schema, {
        target: "draft-2020-12",
        unrepresentable: "any",
      });
      responses[String(success.status)] = {
        description: success.description,
        content: { "application/json": { schema: json } },
      };
    } else {
      responses[String(success.status)] = {
        description: success.description,
        content: { [success.contentType ?? "application/json"]: { schema: {} } },
      };
    }
    if (op.alsoSuccess) responses[String(op.alsoSuccess.status)] = { description: op.alsoSuccess.description };
    const byStatus = new Map<number, string[]>();
    // Any call may meet a database restart or failover.
    for (const code of [...op.errors, "unavailable" as const]) {
      const status = robotErrorCodes[code];
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status)] = {
        description: `${statusText[status] ?? "Refused."} Codes: ${codes.join(", ")}.`,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        ...(status === 429 || status === 503
          ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } } }
          : {}),
      };
    }
    const parameters = pathParameters(op.path);
    const requestRef = op.request ? refFor(op.request) : null;
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
