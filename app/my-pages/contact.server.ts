import { data, redirect } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { person, personContact } from "#db/schema";
import { audit } from "../audit/audit.server";
import { requireResident } from "../auth/guards.server";
import { openText, seal } from "../crypto/envelope";
import { readForm } from "../http/form.server";
import { languageOfRequest } from "../i18n/i18next.server";
import type { StepDef } from "../intake/definition";
import { checkboxes, email, phone, radio } from "../intake/fields";
import { validateFields } from "../intake/journey";
import { fieldViews, type FieldView } from "../intake/view";
import type { RequestContext } from "../load-context";

/**
 * How a person wants to hear that something waits on Mina sidor, and their statement of
 * protected personal data. Protection, once stated, is lifted only by the social services.
 * Text messages are offered only where the installation sends them.
 */
const contactStep = (sms: boolean): StepDef => ({
  id: "kontakt",
  fields: {
    notifyBy: radio(sms ? ["email", "sms", "none"] : ["email", "none"]),
    email: email({ required: false }),
    phone: phone({ required: false }),
    protectedIdentity: checkboxes(["ja"]),
  },
  check: (values) => [
    ...(values.notifyBy === "email" && !values.email ? [{ field: "email", error: "required" as const }] : []),
    ...(values.notifyBy === "sms" && !values.phone ? [{ field: "phone", error: "required" as const }] : []),
  ],
});

export interface ContactPageData {
  fields: FieldView[];
  protectedIdentity: boolean;
  saved: boolean;
}

async function current(context: RequestContext, personId: string) {
  const { keyring } = context.services.config.secrets;
  const [row] = await context.services.database.db
    .select()
    .from(personContact)
    .where(eq(personContact.personId, personId));
  return {
    notifyBy: row?.notifyBy ?? "none",
    email: row?.emailSealed ? openText(keyring, row.emailSealed, `person_contact.email:${personId}`) : undefined,
    phone: row?.phoneSealed ? openText(keyring, row.phoneSealed, `person_contact.phone:${personId}`) : undefined,
  };
}

const fieldContext = (context: RequestContext) => ({
  today: new Date(),
  units: context.services.config.municipality.units,
});

export async function contactLoader(request: Request, context: RequestContext): Promise<ContactPageData> {
  const { person: me } = requireResident(request, context);
  const saved = await current(context, me.id);
  return {
    fields: fieldViews(
      contactStep(context.services.config.notices.sms),
      {},
      { ...saved, protectedIdentity: me.protectedIdentity ? ["ja"] : [] },
      fieldContext(context),
    ),
    protectedIdentity: me.protectedIdentity,
    saved: new URL(request.url).searchParams.get("sparat") === "1",
  };
}

export async function contactAction(request: Request, context: RequestContext) {
  const { person: me } = requireResident(request, context);
  const form = await readForm(request, context);
  const step = contactStep(context.services.config.notices.sms);
  const result = validateFields(step, form, {}, fieldContext(context));
  if (!result.ok) {
    return data(
      {
        fields: fieldViews(step, {}, undefined, fieldContext(context), result),
        protectedIdentity: me.protectedIdentity,
        saved: false,
      },
      { status: 400 },
    );
  }
  const { keyring } = context.services.config.secrets;
  const values = result.values as {
    notifyBy: "email" | "sms" | "none";
    email?: string;
    phone?: string;
    protectedIdentity?: string[];
  };
  const stateProtection = values.protectedIdentity?.includes("ja") ?? false;
  const row = {
    notifyBy: values.notifyBy,
    emailSealed: values.email ? seal(keyring, values.email, `person_contact.email:${me.id}`) : null,
    phoneSealed: values.phone ? seal(keyring, values.phone, `person_contact.phone:${me.id}`) : null,
    language: await languageOfRequest(request),
    updatedAt: new Date(),
  };
  const { db } = context.services.database;
  await db.transaction(async (tx) => {
    await tx
      .insert(personContact)
      .values({ personId: me.id, ...row })
      .onConflictDoUpdate({ target: personContact.personId, set: row });
    if (stateProtection && !me.protectedIdentity) {
      await tx
        .update(person)
        .set({ protectedIdentity: sql`true` })
        .where(eq(person.id, me.id));
      await audit(tx, { actor: { kind: "person", id: me.id }, action: "protected_identity_stated" });
    }
    await audit(tx, { actor: { kind: "person", id: me.id }, action: "contact_details_changed" });
  });
  return redirect("/mina-sidor/kontakt?sparat=1", 303);
}
