import { mkdtempSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { exempelkommunen } from "~/municipality/exempelkommunen";
import { cspNonce, foreignOrigins, securityHeaders, type SecurityHeaderOptions } from "~/server/security-headers";

const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-headers-"));

/** The CSP's directives, as a real response through the middleware carries them. */
async function policyWith(options: Partial<SecurityHeaderOptions>): Promise<Map<string, string[]>> {
  const app = express();
  app.use(
    cspNonce,
    securityHeaders({ https: false, formActionOrigins: [], imageOrigins: [], viteDev: false, ...options }),
  );
  app.get("/", (_req, res) => void res.send("ok"));
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    const { port } = server.address() as AddressInfo;
    const csp = (await fetch(`http://127.0.0.1:${port}/`)).headers.get("content-security-policy")!;
    return new Map(
      csp.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
  } finally {
    server.close();
  }
}

/** The image origins the portal allows for a municipality whose logo is at `src`. */
function imageOriginsFor(src: string) {
  const file = path.join(dataDir, `${encodeURIComponent(src)}.json`);
  writeFileSync(file, JSON.stringify({ ...exempelkommunen, logo: { src } }));
  const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: "https://e-tjanster.kommun.se", MUNICIPALITY_FILE: file });
  return foreignOrigins(config.publicUrl, [config.municipality.logo.src]);
}

describe("security headers", () => {
  it("lets images come only from the portal itself when the logo is one of its own files", async () => {
    expect(imageOriginsFor("/logo.svg")).toEqual([]);
    expect((await policyWith({ imageOrigins: [] })).get("img-src")).toEqual(["'self'"]);
  });

  it("lets the municipality's logo load from its own web server, and nothing else from there", async () => {
    const origins = imageOriginsFor("https://www.kommun.se/images/logo.svg?v=2");
    expect(origins).toEqual(["https://www.kommun.se"]);
    const policy = await policyWith({ imageOrigins: origins });
    expect(policy.get("img-src")).toEqual(["'self'", "https://www.kommun.se"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("script-src")).not.toContain("https://www.kommun.se");
  });

  it("counts only origins other than the portal's own", () => {
    const own = new URL("https://e-tjanster.kommun.se");
    expect(foreignOrigins(own, ["https://e-tjanster.kommun.se/logo.svg", "/logo.svg"])).toEqual([]);
    expect(foreignOrigins(own, ["//cdn.kommun.se/a.svg", "https://cdn.kommun.se/b.png"])).toEqual([
      "https://cdn.kommun.se",
    ]);
  });
});
