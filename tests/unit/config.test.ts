import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { exempelkommunen } from "~/municipality/exempelkommunen";

const fail = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
};

describe("configuration", () => {
  it("starts on embedded defaults with nothing set", () => {
    const config = loadConfig({});
    expect(config.env).toBe("development");
    expect(config.port).toBe(3000);
    expect(config.publicUrl.href).toBe("http://localhost:3000/");
    expect(config.database.kind).toBe("pglite");
    expect(config.secure).toBe(false);
    expect(config.municipality.name).toBe("Exempelkommunen");
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://u@db:5432/ingang" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u@db:5432/ingang" });
  });

  it("names the variable and what it expects in one line", () => {
    const message = fail({ PORT: "abc" });
    expect(message).toBe('PORT must be a port number from 1 to 65535 (got "abc")');
    expect(message).not.toContain("\n");
    expect(fail({ APP_ENV: "staging" })).toMatch(/^APP_ENV must be one of development, test, production/);
    expect(fail({ PUBLIC_URL: "ftp://x" })).toMatch(/^PUBLIC_URL must be/);
  });

  it("never echoes a secret back", () => {
    const message = fail({ DATABASE_URL: "mysql://user:hunter2@db/x" });
    expect(message).toMatch(/^DATABASE_URL must be/);
    expect(message).not.toContain("hunter2");
  });

  it("refuses unsafe defaults in production", () => {
    expect(fail({ APP_ENV: "production" })).toMatch(/^PUBLIC_URL must be an https:\/\/ address in production/);
    expect(fail({ APP_ENV: "production", PUBLIC_URL: "https://e.kommun.se" })).toMatch(/^MUNICIPALITY_FILE must be set/);
  });

  it("reads and validates the municipality file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ingang-"));
    const good = path.join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ ...exempelkommunen, name: "Norrköping" }));
    expect(loadConfig({ MUNICIPALITY_FILE: good }).municipality.name).toBe("Norrköping");

    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...exempelkommunen, contact: { ...exempelkommunen.contact, email: "nope" } }));
    expect(fail({ MUNICIPALITY_FILE: bad })).toMatch(/^MUNICIPALITY_FILE must match the municipality schema: contact\.email/);
    expect(fail({ MUNICIPALITY_FILE: path.join(dir, "missing.json") })).toMatch(/^MUNICIPALITY_FILE must be a readable JSON file/);
  });

  it("marks cookies secure and sends HSTS only behind https", () => {
    expect(loadConfig({ PUBLIC_URL: "https://e.kommun.se" }).secure).toBe(true);
  });
});
