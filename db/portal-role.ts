import pg from "pg";

/**
 * What the portal's own database role may do, granted by the role that owns the tables after
 * every migration (so tables a migration adds are covered too).
 *
 * The audit log is evidence: the portal may add to it and read it, nothing else. Its triggers
 * refuse UPDATE, DELETE and TRUNCATE, but a table's owner may disable triggers; so the portal's
 * role owns nothing and holds no UPDATE, DELETE, TRUNCATE or TRIGGER right on `audit_event`.
 * It may not create anything in the portal's schemas either. pg-boss's schema is the owner's
 * too: `npm run migrate` installs and upgrades it and creates every queue, after which pg-boss
 * needs only to read and write its rows.
 */
export async function grantPortalRole(ownerUrl: string, portalUrl: string): Promise<{ owner: string; portal: string }> {
  const portal = await currentUser(portalUrl);
  const client = new pg.Client({ connectionString: ownerUrl, application_name: "ingang-migrate" });
  client.on("error", () => {});
  await client.connect();
  try {
    const owner = (await client.query<{ user: string }>("select current_user as user")).rows[0]!.user;
    // One role for both (a developer's machine): it owns everything; nothing to grant.
    if (owner === portal) return { owner, portal };
    const role = client.escapeIdentifier(portal);
    await client.query("begin");
    await client.query(`revoke create on schema public from public`);
    await client.query(`revoke all on schema public, drizzle, pgboss from ${role}`);
    await client.query(`grant usage on schema public, drizzle, pgboss to ${role}`);
    await client.query(`revoke all on all tables in schema public, drizzle, pgboss from ${role}`);
    await client.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
    await client.query(`revoke update, delete on audit_event from ${role}`);
    await client.query(`grant select on all tables in schema drizzle to ${role}`);
    await client.query(`grant select, insert, update, delete on all tables in schema pgboss to ${role}`);
    await client.query(`grant usage, select on all sequences in schema public, pgboss to ${role}`);
    await client.query("commit");
    return { owner, portal };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function currentUser(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, application_name: "ingang-migrate" });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query<{ user: string }>("select current_user as user")).rows[0]!.user;
  } finally {
    await client.end();
  }
}
