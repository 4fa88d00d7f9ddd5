// Screenshot data: kept follow-up facts for five earlier months (as gallring leaves them). Deleted after use.
import { openDatabase } from "./db/connect";
import { followUpFact } from "./db/schema";
const dir = process.argv[2]!;
const database = await openDatabase({ kind: "pglite", dir });
const months = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
let seed = 7;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const rows: (typeof followUpFact.$inferInsert)[] = [];
const units = ["exempelskolan", "ekbackeskolan", "backens-forskola", "solrosens-forskola", "gymnasiet"];
months.forEach((month, m) => {
  const at = (day: number, hour = 9) => new Date(`${month}-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`);
  const add = (serviceId: string, channel: string, submittedAt: Date, facts: Record<string, string | number | boolean | null>) =>
    rows.push({ submissionId: crypto.randomUUID(), serviceId, channel, submittedAt, facts });
  for (let i = 0; i < 60; i++) {
    const online = rnd() < 0.78 + m * 0.02;
    const submittedAt = at(1 + (i % 27), 8 + (i % 8));
    const minutes = 20 + rnd() * (rnd() < 0.1 ? 900 : 120);
    add("forsorjningsstod", online ? "e-service" : rnd() < 0.5 ? "paper" : "assisted", submittedAt, {
      acute: false, identified: online, firstClaimAt: new Date(submittedAt.getTime() + 5 * 60_000).toISOString(),
      registeredAt: new Date(submittedAt.getTime() + minutes * 60_000).toISOString(), registeredBy: rnd() < 0.95 ? "robot" : "staff",
      messagesFromPerson: online && rnd() < 0.7 ? 1 + Math.floor(rnd() * 3) : 0, messagesToPerson: online && rnd() < 0.6 ? 1 : 0,
      documentsAttached: rnd() < 0.55 + m * 0.025 ? "all" : rnd() < 0.6 ? "some" : "none",
      reporter: null, organisation: null, unit: null, about: null, bookingParty: null, requestedAt: null, firstTalkAt: null,
    });
  }
  for (let i = 0; i < 30; i++) {
    // School holidays: fewer reports from schools in July.
    const professional = rnd() < (month === "2026-07" ? 0.4 : 0.7);
    const online = rnd() < 0.24 + m * 0.03 + (professional ? 0.08 : 0);
    const acute = rnd() < 0.12;
    const submittedAt = at(1 + (i % 27), 7 + (i % 10));
    add("orosanmalan", online ? "e-service" : "paper", submittedAt, {
      acute, identified: false,
      firstClaimAt: new Date(submittedAt.getTime() + (acute ? 2 + rnd() * 20 : 10 + rnd() * 60) * 60_000).toISOString(),
      registeredAt: new Date(submittedAt.getTime() + (30 + rnd() * 200) * 60_000).toISOString(), registeredBy: "robot",
      messagesFromPerson: 0, messagesToPerson: 0, documentsAttached: null,
      reporter: professional ? "yrkesperson" : "privatperson",
      organisation: professional ? (rnd() < 0.7 ? "skola" : rnd() < 0.5 ? "forskola" : "halso-och-sjukvard") : null,
      unit: professional ? units[Math.floor(rnd() * units.length)]! : null,
      about: rnd() < 0.75 ? "barn" : "vuxen", bookingParty: null, requestedAt: null, firstTalkAt: null,
    });
  }
  for (let i = 0; i < 10; i++) {
    const submittedAt = at(1 + i * 2, 10);
    const days = 5 + rnd() * (20 - m * 2);
    add("samarbetssamtal", "e-service", submittedAt, {
      acute: false, identified: true, firstClaimAt: null,
      registeredAt: new Date(submittedAt.getTime() + (40 + rnd() * 100) * 60_000).toISOString(), registeredBy: "robot",
      messagesFromPerson: rnd() < 0.3 ? 1 : 0, messagesToPerson: 0, documentsAttached: null, reporter: null, organisation: null,
      unit: null, about: null, bookingParty: "requester", requestedAt: submittedAt.toISOString(),
      firstTalkAt: rnd() < 0.9 ? new Date(submittedAt.getTime() + days * 86_400_000).toISOString() : null,
    });
  }
});
await database.db.insert(followUpFact).values(rows);
console.log("kept facts", rows.length);
await database.close();
