import type { ComponentType } from "react";
import { ForsorjningsstodReviewPanel } from "./forsorjningsstod/review-panel";

/** A service's panel on the review page for the figures its definition computes, by service id. */
export const reviewPanels: Record<string, ComponentType<{ computed: Record<string, unknown> }>> = {
  forsorjningsstod: ForsorjningsstodReviewPanel,
};
