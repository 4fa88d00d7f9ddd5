import type { ComponentType } from "react";
import type { StepPageData } from "~/intake/step-route.server";
import { CoApplicantStep } from "./forsorjningsstod/co-applicant-step";
import { SlotStep, TalkStep } from "./samarbetssamtal/steps";

/** Steps an e-service draws itself, by "<service>/<step>"; the engine wraps them in its form. */
export const customSteps: Record<string, ComponentType<{ page: StepPageData }>> = {
  "forsorjningsstod/medsokande": CoApplicantStep,
  "samarbetssamtal/samtal": TalkStep,
  "samarbetssamtal/tid": SlotStep,
};
