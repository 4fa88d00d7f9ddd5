import type { ComponentType } from "react";
import type { StepPageData } from "~/intake/step-route.server";

/** Steps an e-service draws itself, by "<service>/<step>"; the engine wraps them in its form. */
export const customSteps: Record<string, ComponentType<{ page: StepPageData }>> = {};
