import { eq } from "drizzle-orm";
import { bookingSlot } from "#db/schema";
import {
  priorities,
  type CustomStep,
  type CustomStepContext,
  type EServiceDefinition,
  type FieldProblem,
  type Routing,
  type StepDef,
} from "~/intake/definition";
import { contactFromStep } from "~/intake/errand-contact";
import { checkboxes, email, integer, personnummer, phone, radio, text, yesNo, type FieldError } from "~/intake/fields";
import { answer, isInvitee, needsFromAnswers, saidProtected, wantsCooperationTalks } from "./answers";
import {
  filterOf,
  freeSlots,
  isProtected,
  jointOption,
  partyDayParity,
  slotView,
  whyUnavailable,
} from "./availability.server";
import { bookOnSubmit, choiceOf, saveChoice } from "./booking.server";
import { invitationOfDraft } from "./invitations.server";
import { sectionsWithTimeNow } from "./time-now.server";
import { version1Steps } from "./version-1.server";
import { groupByDay, slotLabel, talkKinds, withinTarget, type DayGroup, type SlotView } from "./slots";

/**
 * Boka samarbetssamtal: a parent asks the family-law unit for cooperation talks (or the
 * informationssamtal required before going to court) and books the first talk. The other parent
 * is invited and books with their own e-ID, in their own submission linked to this one by a
 * booking request. When it does not feel safe to meet, or either is protected, the talks are
 * separate and nothing of one parent's time, place or contact details reaches the other.
 */

/** What the slot step's page draws. */
export interface SlotStepData {
  groups: DayGroup[];
  /** The first free time lies within the 14-day target. */
  firstWithinTarget: boolean;
  /** The invited parent may join the other parent's time (both said it is safe). */
  joint: SlotView | null;
  chosen: string | null;
  mode: "digitalt" | "fysiskt";
  protected: boolean;
  interpreter: boolean;
  minutes: number;
  separate: boolean;
}

export interface TalkStepData {
  invited: boolean;
  kind: string | null;
}

/** Problems beyond the engine's codes, with their messages under fields.<step>.<field>.errors. */
const problem = (field: string, code: string): { ok: false; problems: FieldProblem[] } => ({
  ok: false,
  problems: [{ field, error: code as FieldError }],
});

const talkStep: CustomStep = {
  async load(ctx: CustomStepContext): Promise<TalkStepData> {
    const invitation = await invitationOfDraft(ctx.db, ctx.draftId, ctx.personId);
    return {
      invited: !!invitation,
      kind: invitation?.kind ?? (answer(ctx.answers, "samtal", "kind") || null),
    };
  },
  async read(form, ctx) {
    // The role comes from the database, never from the form: only an invited parent's own draft is "inbjuden".
    const invitation = await invitationOfDraft(ctx.db, ctx.draftId, ctx.personId);
    if (invitation) return { ok: true, values: { kind: invitation.kind, role: "inbjuden" } };
    const kind = (form.get("kind") ?? "").trim();
    if (!kind) return problem("kind", "required");
    if (!(talkKinds as readonly string[]).includes(kind)) return problem("kind", "not_an_option");
    return { ok: true, values: { kind, role: "begaran" } };
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function slotContext(ctx: CustomStepContext) {
  const needs = needsFromAnswers(ctx.answers);
  const prot = await isProtected(ctx.db, ctx.personId, ctx.answers);
  const invitation = needs.role === "inbjuden" ? await invitationOfDraft(ctx.db, ctx.draftId, ctx.personId) : null;
  const joint = invitation ? await jointOption(ctx.db, invitation, needs, prot, new Date()) : null;
  // The invited parent is offered only their own days: the same list whether or not the other has booked.
  const filter = filterOf(needs, invitation ? partyDayParity(invitation, "invitee") : null);
  return { needs, prot, invitation, joint, filter };
}

const slotStep: CustomStep = {
  async load(ctx): Promise<SlotStepData> {
    const now = new Date();
    const { needs, prot, joint, filter } = await slotContext(ctx);
    const slots = await freeSlots(ctx.db, filter, now);
    const choice = await choiceOf(ctx.db, ctx.draftId);
    const saved = answer(ctx.answers, "tid", "choice");
    const chosen =
      choice?.slotId && slots.some((s) => s.id === choice.slotId)
        ? choice.slotId
        : choice?.joinsBookingId && joint?.bookingId === choice.joinsBookingId
          ? "gemensam"
          : saved === "ingen"
            ? "ingen"
            : null;
    return {
      groups: groupByDay(slots.map((s) => slotView(s, prot))),
      firstWithinTarget: slots[0] ? withinTarget(now, slots[0].startsAt) : false,
      joint: joint ? slotView(joint.slot, false) : null,
      chosen,
      mode: needs.mode,
      protected: prot,
      interpreter: needs.interpreter,
      minutes: needs.minMinutes,
      separate: needs.role === "inbjuden" ? !joint : needs.safe !== "ja" || prot,
    };
  },
  async read(form, ctx) {
    const now = new Date();
    const value = (form.get("slot") ?? "").trim();
    if (!value) return problem("slot", "required");
    if (value === "ingen") {
      await saveChoice(ctx.db, ctx.draftId, null);
      return { ok: true, values: { choice: "ingen" } };
    }
    const { joint, filter } = await slotContext(ctx);
    if (value === "gemensam") {
      if (!joint) return problem("slot", "jointGone");
      await saveChoice(ctx.db, ctx.draftId, { joinsBookingId: joint.bookingId });
      return { ok: true, values: { choice: "gemensam", time: slotLabel(joint.slot.startsAt, joint.slot.minutes) } };
    }
    if (!UUID.test(value)) return problem("slot", "not_an_option");
    // Only to say so at once; the database decides when the draft is sent.
    const [free] = (await freeSlots(ctx.db, filter, now)).filter((s) => s.id === value);
    if (!free) return problem("slot", await whyUnavailable(ctx.db, value, filter, now));
    await saveChoice(ctx.db, ctx.draftId, { slotId: free.id });
    const [slot] = await ctx.db.select().from(bookingSlot).where(eq(bookingSlot.id, free.id));
    return { ok: true, values: { choice: "tid", time: slotLabel(slot!.startsAt, slot!.minutes) } };
  },
};

const steps = [
  {
    id: "samtal",
    custom: talkStep,
    fields: { kind: radio(talkKinds), role: radio(["begaran", "inbjuden"]) },
  },
  {
    id: "barn",
    repeat: { min: 1, max: 8, titleField: "name" },
    fields: {
      name: text({ maxLength: 100, autocomplete: "off" }),
      age: integer({ max: 17 }),
    },
  },
  {
    // What the unit needs to prepare the talks; each parent answers for themselves, unseen by the other.
    id: "familj",
    fields: {
      // A court may commission the unit to arrange cooperation talks (6 kap. 18 § föräldrabalken).
      court: radio(["ja", "nej", "vet-inte"], { when: wantsCooperationTalks }),
      custody: radio(["gemensam", "en-foralder", "annan"]),
      questions: checkboxes(["boende", "umgange", "vardnad", "annat"], { required: true }),
      childrenKnow: radio(["ja", "nej", "vet-inte"]),
    },
  },
  {
    id: "annan-foralder",
    when: (a) => !isInvitee(a),
    fields: {
      name: text({ maxLength: 100, autocomplete: "off" }),
      pnr: personnummer({ required: false }),
      email: email({ required: false, autocomplete: "off" }),
      phone: phone({ required: false, autocomplete: "off" }),
    },
  },
  { id: "trygghet", fields: { safe: radio(["ja", "nej", "vet-inte"]) } },
  { id: "skydd", fields: { protected: yesNo() } },
  {
    id: "tolk",
    fields: { interpreter: yesNo(), language: text({ required: false, maxLength: 60 }) },
    check: (values) =>
      values.interpreter === "ja" && !values.language ? [{ field: "language", error: "required" }] : [],
  },
  {
    id: "motesform",
    fields: {
      mode: radio(["digitalt", "fysiskt"], { when: (a) => !saidProtected(a) }),
      protectedMode: radio(["digitalt", "annan-plats"], { when: saidProtected }),
    },
  },
  { id: "kontakt", fields: { phone: phone(), email: email({ required: false }) } },
  {
    id: "tid",
    custom: slotStep,
    fields: {
      choice: radio(["tid", "gemensam", "ingen"]),
      time: text({ required: false, maxLength: 40 }),
    },
  },
] as const satisfies readonly StepDef[];
/** The steps' literal type, which the answer accessors (answers.ts) are checked against. */
export type SamarbetssamtalSteps = typeof steps;

export const samarbetssamtal: EServiceDefinition = {
  id: "samarbetssamtal",
  // Version 2 asks what the unit needs to know about the family (the "familj" step).
  version: 2,
  earlierVersions: [{ version: 1, steps: version1Steps }],
  slug: "samarbetssamtal",
  referencePrefix: "SS",
  access: "login",
  // An invited parent's draft answers the invitation: never continued as a request of one's own.
  resumable: (answers) => !isInvitee(answers),
  steps,
  route(answers, context): Routing {
    const restricted = context.protectedIdentity || saidProtected(answers);
    return {
      queue: restricted ? "skyddad" : "familjeratt",
      priority: priorities.normal,
      flags: restricted ? ["protected_identity"] : [],
    };
  },
  computed(answers) {
    const needs = needsFromAnswers(answers);
    return {
      talk: needs.kind,
      party: needs.role === "inbjuden" ? "invitee" : "requester",
      // The invited parent is offered the joint time only when both said it is safe, so for
      // them a time of their own means separate talks, whatever they answered themselves.
      separateTalks:
        needs.role === "inbjuden"
          ? answer(answers, "tid", "choice") !== "gemensam"
          : needs.safe !== "ja" || needs.protectedAnswer,
      interpreter: needs.interpreter,
      minutes: needs.minMinutes,
      mode: answer(answers, "motesform", "protectedMode") === "annan-plats" ? "annan-plats" : needs.mode,
      // No address given: the unit sends the other parent a letter.
      invitation:
        needs.role === "inbjuden"
          ? null
          : answer(answers, "annan-foralder", "email")
            ? "email"
            : answer(answers, "annan-foralder", "phone")
              ? "sms"
              : "letter",
      choice: answer(answers, "tid", "choice") ?? null,
      courtOrdered: answer(answers, "familj", "court") ?? null,
      custody: answer(answers, "familj", "custody") ?? null,
      questions: answer(answers, "familj", "questions") ?? [],
      childrenKnow: answer(answers, "familj", "childrenKnow") ?? null,
    };
  },
  sectionsNow: sectionsWithTimeNow,
  onSubmit: bookOnSubmit,
  errandContact: (answers) => contactFromStep(answers, "kontakt"),
  retention: { afterRegistrationDays: 30 },
};
