import { data, redirect } from "@remix-run/node";
import { requireResident } from "../auth/guards.server";
import { pnrLookup } from "../auth/people.server";
import { serviceById } from "../e-services/registry.server";
import { readForm } from "../http/form.server";
import { answerSections } from "../intake/review.server";
import { isValidReference } from "../intake/reference";
import { coPartyAnswers } from "../intake/co-party-view";
import { coPartyInvitation } from "../intake/resident-access.server";
import { answerConfirmation, isAnswerable, readSubmission } from "../intake/submissions.server";
import type { RequestContext } from "../load-context";

/**
 * A co-party (a co-applicant) sees what they are asked to confirm, logged in with their own
 * e-ID, and confirms or declines: the household's facts, not the sender's own words or files.
 */
async function invitation(request: Request, context: RequestContext, reference: string | undefined) {
  const session = requireResident(request, context);
  if (!reference || !isValidReference(reference)) throw data(null, { status: 404 });
  const lookup = pnrLookup(context.services.config.secrets, session.person.pnr);
  const found = await coPartyInvitation(context.services.database.db, reference, lookup);
  const definition = found ? serviceById(found.row.serviceId) : null;
  if (!found || !definition) throw data(null, { status: 404 });
  return { session, lookup, row: found.row, party: found.party, definition };
}

export async function confirmationLoader(request: Request, context: RequestContext, reference: string | undefined) {
  const { session, row, party, definition } = await invitation(request, context, reference);
  const view = await readSubmission(
    context.services.database.db,
    context.services.config.secrets.keyring,
    row,
    { kind: "person", id: session.person.id },
    "co_party_confirmation",
  );
  return {
    serviceId: definition.id,
    reference: row.reference,
    pending: party.status === "invited" && isAnswerable(row.status) && party.expiresAt > new Date(),
    partyStatus: party.status,
    expiresAt: party.expiresAt.toISOString(),
    sections: answerSections(definition, coPartyAnswers(definition, view.answers), {
      units: context.services.config.municipality.units,
    }),
  };
}

export type ConfirmationPageData = Awaited<ReturnType<typeof confirmationLoader>>;

export async function confirmationAction(request: Request, context: RequestContext, reference: string | undefined) {
  const { session, lookup, row } = await invitation(request, context, reference);
  const form = await readForm(request, context);
  const answer = form.get("answer");
  if (answer !== "confirm" && answer !== "decline") throw data(null, { status: 400 });
  const { services } = context;
  const outcome = await answerConfirmation(
    {
      db: services.database.db,
      keyring: services.config.secrets.keyring,
      personLookup: services.config.secrets.personLookup,
      boss: services.boss,
    },
    { reference: row.reference, personId: session.person.id, pnrLookup: lookup, answer },
  );
  return redirect(`/mina-sidor/arenden/${row.reference}?${new URLSearchParams({ svar: outcome })}`, 303);
}
