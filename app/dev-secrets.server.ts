import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface DevSecrets {
  sessionSecret: string;
  personLookupKey: string;
  encryptionKey: string;
}

/**
 * Secrets for a developer's machine: generated on first start and kept in the data directory
 * (readable by its owner only), so sessions and encrypted data survive a restart.
 * Production refuses to start without real ones.
 */
export function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  const secrets: DevSecrets = {
    sessionSecret: randomBytes(32).toString("base64url"),
    personLookupKey: randomBytes(32).toString("base64url"),
    encryptionKey: randomBytes(32).toString("base64"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
