import { afterAll, beforeAll, describe, it } from "vitest";
import { findClamAV, INSTALL_CLAMAV, startClamd, type RunningClamd } from "./clamd-process";

// Starting clamd needs no test runner (global setups use it too): see clamd-process.ts.
export * from "./clamd-process";

/**
 * A describe block with a real clamd running for its tests. Without ClamAV installed it is
 * skipped, saying so; on CI (CI set) it fails instead, so a missing package is never silent.
 */
export function describeWithClamd(name: string, body: (clamd: () => RunningClamd) => void): void {
  const programs = findClamAV();
  if (!programs) {
    const why = `clamd and sigtool are not installed (${INSTALL_CLAMAV})`;
    if (process.env.CI) {
      describe(name, () => {
        it("needs a real clamd", () => {
          throw new Error(`CI must run these tests against a real clamd, but ${why}`);
        });
      });
    } else {
      console.warn(`Skipping "${name}": ${why}`);
      describe.skip(`${name} (skipped: ${why})`, () =>
        body(() => {
          throw new Error("clamd is not running");
        }));
    }
    return;
  }

  describe(name, () => {
    let running: RunningClamd | undefined;
    beforeAll(async () => {
      running = await startClamd(programs);
    });
    afterAll(() => running?.stop());
    body(() => {
      if (!running) throw new Error("clamd is not running");
      return running;
    });
  });
}
