import { startPortal } from "./support/portal-process";
import { startRestartablePostgres, scratchDatabase } from "./support/restartable-postgres";
import { WebClient, fillService, orosanmalanAnswers, loginResident } from "./support/web-client";
const server = await startRestartablePostgres();
const db = await scratchDatabase(server.url, "ingang_try");
const portal = await startPortal({ DATABASE_URL: db.url, LOG_LEVEL: "warn" });
try {
  const c = new WebClient(portal.url);
  const review = await fillService(c, "orosanmalan", orosanmalanAnswers());
  const a = new WebClient(portal.url);
  await loginResident(a);
  await server.stop();
  for (const f of [() => c.page(review), () => a.page("/mina-sidor"), () => fetch(portal.url + "/readyz")]) {
    try {
      const r: any = await f();
      console.log("status", r.status);
    } catch (e) {
      console.log("ERR", String(e));
    }
    await new Promise((r) => setTimeout(r, 300));
    console.log("exit", portal.child.exitCode);
  }
  console.log(portal.output().slice(-6000));
} finally {
  await portal.stop();
  await server.start();
  await db.drop();
  await server.dispose();
}
