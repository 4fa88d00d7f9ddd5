import type { Executor } from "#db/connect";
import type { ReviewSection } from "./review.server";
import type { StaffRole } from "../auth/staff-roles";
import type { AnswersSoFar, Field, FieldError } from "./fields";
import type { ErrandContact } from "./errand-contact";

export interface FieldProblem {
  field: string;
  error: FieldError;
  params?: Record<string, string | number>;
}

/**
 * What an e-service is: the data the intake engine runs. Adding an e-service means adding a
 * folder under app/e-services/ with one of these, its entry page and its translations.
 */

/** The robotic-intake queues, one per destination, and the restricted one. */
export const queueNames = [
  "mottagning-barn-unga",
  "mottagning-vuxna",
  "ekonomiskt-bistand",
  "familjeratt",
  "skyddad",
] as const;
export type QueueName = (typeof queueNames)[number];

/** Which staff role works which queue. */
export const queueRole: Record<QueueName, StaffRole> = {
  "mottagning-barn-unga": "mottagning-barn-unga",
  "mottagning-vuxna": "mottagning-vuxna",
  "ekonomiskt-bistand": "ekonomiskt-bistand",
  familjeratt: "familjeratt",
  skyddad: "skyddad",
};

/** Higher is handled first. An acute report of concern outranks everything. */
export const priorities = { acute: 100, high: 50, normal: 0 } as const;

export interface Routing {
  queue: QueueName;
  priority: number;
  /** Why the item needs special handling; shown to staff and the robot, never to the person. */
  flags: ("acute" | "protected_identity" | "honour_related" | "concerns_own_staff" | "contact_safely")[];
}

export interface StepDef {
  /** The step's URL segment and translation key. */
  id: string;
  fields: Record<string, Field>;
  /** The step is part of the journey only when earlier answers call for it. */
  when?: (answers: AnswersSoFar, context: JourneyContext) => boolean;
  /** "Add another" pattern: the fields describe one item and the answer is a list of them. */
  repeat?: { min: number; max: number; /** The field that names an item in the list. */ titleField: string };
  /** A notice drawn above the questions: "acute" repeats "call 112". */
  notice?: "acute";
  /**
   * A step the service draws itself (a slot picker): the server loads what it shows and reads
   * what was posted; the page is the component the service registers under the step's id.
   */
  custom?: CustomStep;
  /**
   * The sender's own words (anything more they want to say): never shown to a co-party, who
   * confirms the household's facts, not these. Where one partner controls the other, the
   * applicant must be able to write to the social services without the partner reading it.
   */
  hiddenFromCoParties?: boolean;
  /** Rules across fields of the step (or of one item), beyond each field's own. */
  check?: (values: Record<string, unknown>, answers: AnswersSoFar) => FieldProblem[];
}

/** What the journey knows besides the answers: who is filling it in. */
export interface JourneyContext {
  loggedIn: boolean;
  /** The applicant's own personnummer, when logged in. */
  pnr?: string;
  today: Date;
}

/** A proof a caseworker needs, asked for when the answers call for it. */
export interface DocumentRule {
  id: string;
  /** Asked for when this holds; the same rule for everyone, whatever channel. */
  when: (answers: AnswersSoFar) => boolean;
  /** A repeat applicant may confirm an earlier, unchanged copy instead of uploading again. */
  reusable: boolean;
  /** Files are welcome but not asked for (an optional attachment to a report). */
  optional?: boolean;
}

export interface CoParty {
  /** E.g. "medsokande". */
  role: string;
  pnr: string;
}

export interface SummaryRow {
  stepId: string;
  fieldId: string;
  /** For repeating steps: which item. */
  index?: number;
}

/** What a custom step's server side may use. */
export interface CustomStepContext {
  db: Executor;
  answers: AnswersSoFar;
  journey: JourneyContext;
  draftId: string;
  personId: string | null;
  today: Date;
}

export interface CustomStep {
  load(context: CustomStepContext): Promise<unknown>;
  read(
    form: URLSearchParams,
    context: CustomStepContext,
  ): Promise<{ ok: true; values: Record<string, unknown> } | { ok: false; problems: FieldProblem[] }>;
}

/** Thrown by onSubmit when what was chosen is no longer possible (a time just taken). */
export class SubmitConflict extends Error {
  constructor(
    /** The step to send the person back to. */
    readonly stepId: string,
    /** A key in the service's namespace explaining what happened. */
    readonly messageKey: string,
  ) {
    super(messageKey);
    this.name = "SubmitConflict";
  }
}

export interface SubmitHookContext {
  submissionId: string;
  reference: string;
  personId: string | null;
  channel: "e-service" | "assisted" | "paper";
  answers: AnswersSoFar;
  journey: JourneyContext;
}

/**
 * Told the outcome of a report, or why not: it concerns an adult (secrecy forbids it), the sender
 * has no duty to report, or did not ask.
 */
export type OutcomeEntitlement = "told" | "adult_report" | "not_mandated" | "not_requested";

export interface EServiceDefinition {
  id: string;
  /** Bumped whenever the answers' shape changes; stored with every submission. */
  version: number;
  /** The URL segment: /<slug>. */
  slug: string;
  /** Two capital letters that start every receipt reference. */
  referencePrefix: string;
  /** The person must declare the answers true before sending (an application for money). */
  declaration?: boolean;
  /** The sender may withdraw it from Mina sidor before it is closed (an application, not a report). */
  withdrawable?: boolean;
  /** Anonymous use is allowed (a report of concern), or a login is required. */
  access: "login" | "anonymous-allowed";
  /**
   * The sender chose to stay anonymous (given the answers as sent): nothing of them is kept with
   * the submission, even when they are logged in.
   */
  anonymous?: (answers: AnswersSoFar) => boolean;
  /**
   * Whether the sender is to be told the outcome (whether an investigation was opened), given the
   * answers: "told", or why not; the robot's outcome write-back is refused with that reason.
   */
  toldOutcome?: (answers: AnswersSoFar) => OutcomeEntitlement;
  /**
   * The steps of earlier versions whose answers' shape differed, kept unchanged so the robot can
   * still fetch the JSON Schema of a submission sent under them.
   */
  earlierVersions?: readonly { version: number; steps: readonly StepDef[] }[];
  steps: readonly StepDef[];
  /**
   * The key under the service's receipt texts that says what happens next, when that depends on
   * the answers (a report about a child or an adult); "next" otherwise.
   */
  receiptNext?: (answers: AnswersSoFar) => string;
  /** The step where documents are handled, and the rules that ask for them. */
  documents?: { stepId: string; rules: readonly DocumentRule[] };
  /**
   * People asked to confirm with their own e-ID. Their answer (or silence) is recorded and sent
   * on; it never holds the submission back.
   */
  coParties?: (answers: AnswersSoFar, context: JourneyContext) => CoParty[];
  route: (answers: AnswersSoFar, context: JourneyContext & { protectedIdentity: boolean }) => Routing;
  /**
   * Whether an unfinished draft with these answers may be continued when the person starts the
   * service again (default: yes). A draft begun for another purpose (answering an invitation) may not.
   */
  resumable?: (answers: AnswersSoFar) => boolean;
  /** Answers for a new draft from the person's last submission ("apply again"); what changes every time is left out. */
  prefill?: (previous: AnswersSoFar) => AnswersSoFar;
  /**
   * Figures derived from the answers (a preliminary calculation): shown on the review page by
   * the service's own panel, stored with the submission and sent to the robot.
   */
  computed?: (answers: AnswersSoFar, context: JourneyContext) => Record<string, unknown>;
  /**
   * Whether the entry page may promise the person a `computed` estimate today (there is the data
   * to make one for whatever they may apply for); absent means it promises none.
   */
  estimateOffered?: (today: Date) => boolean;
  /**
   * The phone number and e-mail address the person gave in this errand: where notices about it
   * go when they have made no notice choice on Mina sidor (app/notify/notices.server.ts).
   */
  errandContact?: (answers: AnswersSoFar) => ErrandContact;
  /**
   * The sent answers as they hold now, for the receipt and the staff item page: a service whose
   * answers change after sending (a booked time moved) rewrites those rows; absent means as sent.
   */
  sectionsNow?: (db: Executor, submissionId: string, sections: ReviewSection[]) => Promise<ReviewSection[]>;
  /** Runs inside the submission's transaction; may throw SubmitConflict. */
  onSubmit?: (tx: Executor, context: SubmitHookContext) => Promise<void>;
  retention: {
    /** Days a submission stays in the portal after the robot has registered it. */
    afterRegistrationDays: number;
  };
}
