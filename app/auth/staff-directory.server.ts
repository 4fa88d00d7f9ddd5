import { inArray, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { staffMember } from "#db/schema";
import { openText, seal, type Keyring } from "~/crypto/envelope";

/**
 * The staff directory: who a staff subject is, by name. Events and the audit log keep the
 * subject (stable, what the identity provider vouches for); pages and exports show the name the
 * provider gave at the person's last login. A subject never seen at login has no name, and is
 * shown as its id.
 */

const nameContext = (subject: string) => `staff_member.name:${subject}`;

/** Records (or refreshes) a staff member's name at login; a login without a name keeps the last one. */
export async function recordStaffMember(
  db: Executor,
  keyring: Keyring,
  staff: { subject: string; name: string | null },
): Promise<void> {
  const name = staff.name?.trim() || null;
  const nameSealed = name ? seal(keyring, name, nameContext(staff.subject)) : null;
  await db
    .insert(staffMember)
    .values({ subject: staff.subject, nameSealed })
    .onConflictDoUpdate({
      target: staffMember.subject,
      set: {
        lastLoginAt: sql`now()`,
        ...(nameSealed ? { nameSealed } : {}),
      },
    });
}

/** The names of these subjects, where known. */
export async function staffNames(
  db: Executor,
  keyring: Keyring,
  subjects: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...subjects].filter((s): s is string => !!s))];
  const names = new Map<string, string>();
  if (wanted.length === 0) return names;
  const rows = await db.select().from(staffMember).where(inArray(staffMember.subject, wanted));
  for (const row of rows)
    if (row.nameSealed) names.set(row.subject, openText(keyring, row.nameSealed, nameContext(row.subject)));
  return names;
}
