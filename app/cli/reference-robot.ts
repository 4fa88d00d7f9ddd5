import { parseArgs } from "node:util";
import { drainQueue, reconcile, type FailureKind } from "./lib/reference-robot-core";
import { RobotClient } from "./lib/robot-client";

/**
 * The reference robot: drains one queue of the robot API into a folder and completes every item
 * with a made-up case number. Municipalities use it to try the API before their RPA tool is set
 * up; the end-to-end tests use it as a real client.
 *
 *   ROBOT_TOKEN=ingang_robot_… node build/cli/reference-robot.js \
 *     --url http://localhost:3000 --queue mottagning-barn-unga --out ./robot-inkorg
 */

const usage = `Usage:
  reference-robot --url <portal> --queue <queue> --out <folder> [options]

The token is read from ROBOT_TOKEN (or --token, which other users of the machine can see).

Options:
  --batch <n>                     items per claim (1 to 10, default 1)
  --business-exception <ref>      fail this reference as a business exception (repeatable)
  --application-exception <ref>   fail this reference as an application exception (repeatable)
  --fail-every <n>:<kind>         fail every n-th item, kind business or application
  --case-system <name>            the case system to report (default Referensrobot)
  --case-prefix <text>            case numbers are <prefix>-<year>-<reference> (default REF)
  --work-ms <ms>                  pretend each registration takes this long
  --limit <n>                     stop after n items
  --poll <seconds>                keep polling when the queue is empty, instead of stopping
  --closed-hours <from>-<to>      the case system is closed these local hours (e.g. 22-6): postpone
                                  what is claimed then until it opens
  --reconcile                     first compare the folder with the portal (portal-state-*.json per
                                  item; lists what a person handled) and then drain
  --since <ISO time>              reconcile only items that arrived from then
  --quiet                         print only the summary`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      queue: { type: "string" },
      out: { type: "string" },
      batch: { type: "string" },
      "business-exception": { type: "string", multiple: true },
      "application-exception": { type: "string", multiple: true },
      "fail-every": { type: "string" },
      "case-system": { type: "string" },
      "case-prefix": { type: "string" },
      "work-ms": { type: "string" },
      limit: { type: "string" },
      poll: { type: "string" },
      "closed-hours": { type: "string" },
      reconcile: { type: "boolean", default: false },
      since: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const token = process.env.ROBOT_TOKEN || values.token;
  if (!values.url || !values.queue || !values.out || !token) {
    console.error(`reference-robot: --url, --queue, --out and a token are required\n\n${usage}`);
    return 2;
  }
  const number = (name: string, value: string | undefined, min: number, max: number) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const failures = new Map<string, FailureKind>();
  for (const ref of values["business-exception"] ?? []) failures.set(ref, "business");
  for (const ref of values["application-exception"] ?? []) failures.set(ref, "application");
  let failEvery: { n: number; kind: FailureKind } | undefined;
  if (values["fail-every"]) {
    const match = /^(\d+):(business|application)$/.exec(values["fail-every"]);
    if (!match) throw new Error("--fail-every must look like 3:business or 5:application");
    failEvery = { n: Number(match[1]), kind: match[2] as FailureKind };
  }

  let closedHours: { from: number; to: number } | undefined;
  if (values["closed-hours"]) {
    const match = /^(\d{1,2})-(\d{1,2})$/.exec(values["closed-hours"]);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 23 || match[1] === match[2])
      throw new Error("--closed-hours must look like 22-6 (hours 0 to 23, not equal)");
    closedHours = { from: Number(match[1]), to: Number(match[2]) };
  }
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since)))
    throw new Error("--since must be an ISO time, e.g. 2026-12-07T00:00:00+01:00");

  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  process.once("SIGTERM", () => controller.abort());

  const client = new RobotClient({ url: values.url, token });
  const print = values.quiet ? undefined : (line: Record<string, unknown>) => console.log(JSON.stringify(line));
  if (values.reconcile) {
    const reconciled = await reconcile(client, { queue: values.queue, out: values.out, since: values.since }, print);
    console.log(JSON.stringify({ reconciled }));
  }
  const summary = await drainQueue(
    client,
    {
      queue: values.queue,
      out: values.out,
      batch: number("batch", values.batch, 1, 10),
      caseSystem: values["case-system"],
      casePrefix: values["case-prefix"],
      failures,
      failEvery,
      workMs: number("work-ms", values["work-ms"], 0, 3_600_000),
      limit: number("limit", values.limit, 1, 1_000_000),
      pollSeconds: number("poll", values.poll, 1, 3600),
      closedHours,
      signal: controller.signal,
    },
    print,
  );
  const { items: _items, ...counts } = summary;
  console.log(JSON.stringify({ summary: counts }));
  return summary.errors > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`reference-robot: ${error.message}`);
    process.exit(
      error.name === "TypeError" && /ERR_PARSE_ARGS/.test(String((error as { code?: string }).code)) ? 2 : 1,
    );
  },
);
