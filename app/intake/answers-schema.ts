import { z } from "zod";
import type { EServiceDefinition, StepDef } from "./definition";
import { isDocumentsStep } from "./journey";
import { REFERENCE } from "./reference";

/**
 * The zod schema of one e-service version's answers: an object by step id, each by field id, built
 * from the fields' own schemas (FieldBase.schema). The robot's JSON Schema is generated from it;
 * `exact` is the stricter reading used to decide whether a draft's answers fit another version.
 */

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

/** A field may be left out when it is optional or shown only for some answers. */
function stepFields(step: StepDef, exact: boolean) {
  const shape = Object.fromEntries(
    Object.entries(step.fields).map(([name, field]) => [
      name,
      field.required && !field.when ? field.schema : field.schema.optional(),
    ]),
  );
  return exact ? z.strictObject(shape) : z.object(shape);
}

export function answersSchema(definition: EServiceDefinition, { exact = false } = {}) {
  const steps = Object.fromEntries(
    definition.steps.map((step) => {
      let schema: z.ZodType;
      if (isDocumentsStep(definition, step)) schema = z.record(z.string(), documentResolution);
      else if (step.custom && Object.keys(step.fields).length === 0) schema = z.record(z.string(), z.unknown());
      else if (step.repeat) schema = z.object({ items: z.array(stepFields(step, exact)).max(step.repeat.max) });
      else schema = stepFields(step, exact);
      // Steps that apply only to some answers, and steps with nothing answered, may be absent.
      return [step.id, schema.optional()];
    }),
  );
  return (exact ? z.strictObject(steps) : z.object(steps)).describe(
    `Answers to ${definition.id}, version ${definition.version}`,
  );
}
