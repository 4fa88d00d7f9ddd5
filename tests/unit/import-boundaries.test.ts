import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The import boundaries of eslint.config.js (docs/decisions/022): what each layer may import,
 * checked on one-line files placed where the layer's files live.
 */

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function refused(file: string, line: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${line}\nexport {};\n`, { filePath: file });
  return result!.messages.some((m) => m.ruleId === "no-restricted-imports");
}

// The first lint loads the config and its plugins: seconds on a busy machine.
describe("import boundaries", { timeout: 60_000 }, () => {
  it("keeps the layers below the staff console and the routes out of them, in either spelling", async () => {
    expect(await refused("app/intake/x.server.ts", 'import { a } from "../staff/access";')).toBe(true);
    expect(await refused("app/queue/x.server.ts", 'import { a } from "~/staff/queues/queues.server";')).toBe(true);
    expect(await refused("app/x.server.ts", 'import { a } from "./staff/access";')).toBe(true);
    expect(await refused("app/my-pages/x.ts", 'import type { A } from "~/routes/$service._index";')).toBe(true);
    expect(await refused("app/staff/x.ts", 'import { a } from "~/routes/$service._index";')).toBe(true);
    // The staff console and the routes use the layers below, and the routes use the console.
    expect(await refused("app/staff/x.ts", 'import { a } from "~/intake/submissions.server";')).toBe(false);
    expect(await refused("app/routes/x.tsx", 'import { a } from "~/staff/queues/queues.server";')).toBe(false);
    expect(await refused("app/auth/x.ts", 'import type { StaffRole } from "./staff-roles";')).toBe(false);
  });

  it("lets an e-service import the engine's public surface only", async () => {
    const file = "app/e-services/orosanmalan/x.server.ts";
    for (const allowed of [
      'import type { EServiceDefinition } from "~/intake/definition";',
      'import { readSubmission } from "~/intake/submissions.server";',
      'import { ReviewPage } from "~/intake/ui/review-page";',
      'import type { StepPageData } from "~/intake/step-route.server";',
      'import { inTransaction } from "~/queue/boss.server";',
      'import { PhoneLink } from "~/ui/phone-link";',
      'import { a } from "./answers";',
    ])
      expect(await refused(file, allowed), allowed).toBe(false);
    for (const refusedLine of [
      'import { stepAction } from "~/intake/step-route.server";',
      'import { assistedPersonOf } from "~/intake/recorded-person.server";',
      'import { claimItems } from "~/queue/robot-items.server";',
      'import { overviewLoader } from "~/my-pages/overview.server";',
      'import { a } from "~/e-services/forsorjningsstod/answers";',
      'import { a } from "../forsorjningsstod/answers";',
      'import { a } from "../../intake/journey";',
      'import { a } from "~/staff/access";',
      'import { a } from "./staff/pages.server";',
      'import { a } from "./routes/staff-slots";',
    ])
      expect(await refused(file, refusedLine), refusedLine).toBe(true);
  });

  it("lets a service's console pages and routes use the staff console's public surface only", async () => {
    for (const file of [
      "app/e-services/samarbetssamtal/staff/x.server.ts",
      "app/e-services/samarbetssamtal/routes/x.tsx",
    ]) {
      for (const allowed of [
        'import { requireArea, staffActor } from "~/staff/guard.server";',
        'import { mayUse, queuesOf } from "~/staff/access";',
        'import { useStaffFormat } from "~/staff/ui/format";',
        'import { publishSlots } from "../unit-actions.server";',
        'import { a } from "../staff/pages.server";',
        'import { readForm } from "~/http/form.server";',
      ])
        expect(await refused(file, allowed), `${file}: ${allowed}`).toBe(false);
      for (const refusedLine of [
        'import { queueOverview } from "~/staff/queues/queues.server";',
        'import { StaffLayout } from "~/staff/ui/layout";',
        'import { a } from "../../../staff/access";',
        'import { a } from "../../forsorjningsstod/answers";',
        'import { a } from "~/e-services/forsorjningsstod/answers";',
        'import { a } from "~/routes/personal._konsol";',
      ])
        expect(await refused(file, refusedLine), `${file}: ${refusedLine}`).toBe(true);
    }
  });

  it("lets a service's command-line tools use their own service, and nothing of the console or the routes", async () => {
    const file = "app/e-services/samarbetssamtal/cli/x.ts";
    for (const allowed of [
      'import { publishSlots } from "../unit-actions.server";',
      'import { openDatabase } from "#db/connect";',
      'import { loadConfig } from "~/config.server";',
    ])
      expect(await refused(file, allowed), allowed).toBe(false);
    for (const refusedLine of [
      'import { mayUse } from "~/staff/access";',
      'import { a } from "../routes/booking";',
      'import { a } from "~/routes/personal._konsol";',
      'import { a } from "../../forsorjningsstod/answers";',
      'import { a } from "~/my-pages/overview.server";',
    ])
      expect(await refused(file, refusedLine), refusedLine).toBe(true);
  });
});
