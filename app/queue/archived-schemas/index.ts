import forsorjningsstod1 from "./forsorjningsstod-1.json";

/**
 * The answers' JSON Schema of e-service versions no longer sent, frozen as they were served, so
 * a robot can still read an item sent under an older version while it waits in the queue. Add the
 * current version's schema here (generated, never hand-edited) before bumping a service's version.
 */
export const archivedAnswerSchemas: Record<string, Record<number, Record<string, unknown>>> = {
  forsorjningsstod: { 1: forsorjningsstod1 },
};
