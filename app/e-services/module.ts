import { createElement, type ComponentType } from "react";
import type { StepPageData } from "~/intake/step-route.server";
import type { EntryPageData } from "~/intake/entry-page";

/**
 * The browser's half of an e-service: what its pages draw. It holds no server code, so the
 * client bundle can list every service (app/e-services/registry.ts). The server's half
 * (module.server.ts in the service's folder) carries this object along with the definition.
 */
export interface EServicePages {
  /** The service's id: also its texts' namespace and the key of its texts on the start page. */
  id: string;
  /** The URL segment: /<slug>. Must equal the definition's. */
  slug: string;
  /** Namespaces besides the service's own that its pages use. */
  moreNamespaces: readonly string[];
  /** Whether the start page lists the service (in registry order). */
  onStartPage: boolean;
  /** The service's first page (what it is for, what you need, the start button). */
  entry: ComponentType<{ page: EntryPageData }>;
  /** The component for each step the definition marks `custom`, by step id. */
  customSteps: Readonly<Record<string, ComponentType<{ page: StepPageData }>>>;
  /** A panel on the review page for the figures the definition computes, when it computes any. */
  reviewPanel: ComponentType<{ computed: Record<string, unknown> }> | null;
  /** The service's own receipt page, drawn from what its server half's `receipt` loads. */
  receiptPage: ComponentType<{ page: unknown }> | null;
  /**
   * Routes of the service's own beyond the engine's, declared in its folder's routes.ts (plain
   * data: app/routes.ts reads those files while the route config is built, before aliases exist).
   */
  routes: readonly ExtraRoute[];
}

export interface ExtraRoute {
  /** The address, as in Remix route config ("samarbetssamtal/bokning/:reference"). */
  path: string;
  /** The route module, relative to app/. */
  file: string;
  /** "staff-console": drawn inside the staff console's layout (its path is then relative to /personal). */
  within?: "staff-console";
}

/**
 * Something a service has waiting for the person, drawn on Mina sidor's overview as a section:
 * a heading, one paragraph and a button. Texts are keys (`namespace:key`) in the service's texts.
 */
export interface MyPagesNotice {
  /** The heading's id, unique on the page. */
  id: string;
  heading: string;
  text: string;
  link: { to: string; label: string };
}

/**
 * A receipt page typed by what the service's loader returns; the engine's receipt route hands it
 * that value unchanged, so the registry can hold pages of any service alike.
 */
export const receiptPage =
  <T>(Page: ComponentType<{ page: T }>): ComponentType<{ page: unknown }> =>
  ({ page }) =>
    createElement(Page, { page: page as T });
