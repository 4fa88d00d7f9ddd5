import type { EServiceDefinition } from "~/intake/definition";
import { personnummer, radio, text } from "~/intake/fields";

/**
 * A small e-service that exercises the engine's co-signing, routing and documents without
 * depending on any real service's questions.
 */
export const testService: EServiceDefinition = {
  id: "testtjanst",
  version: 1,
  slug: "testtjanst",
  referencePrefix: "TT",
  access: "login",
  declaration: true,
  withdrawable: true,
  steps: [
    { id: "namn", fields: { name: text() } },
    { id: "sambo", fields: { partner: radio(["ja", "nej"]) } },
    { id: "sambons-nummer", when: (a) => a.sambo?.partner === "ja", fields: { pnr: personnummer() } },
    { id: "dokument", fields: {} },
  ],
  documents: { stepId: "dokument", rules: [{ id: "intyg", when: () => true, reusable: true }] },
  coParties: (answers) =>
    answers["sambons-nummer"]?.pnr ? [{ role: "medsokande", pnr: String(answers["sambons-nummer"].pnr) }] : [],
  // Ignores protected identity on purpose: the engine must restrict such a submission itself.
  route: () => ({ queue: "ekonomiskt-bistand", priority: 0, flags: [] }),
  retention: { afterRegistrationDays: 30 },
};
