import pino from "pino";

/**
 * JSON lines to stdout. Personal data never belongs in a log line; the redact list is the
 * safety net for field names that could carry it by mistake.
 */
export function createLogger(level: pino.LevelWithSilent) {
  return pino({
    level,
    base: { service: "ingang" },
    timestamp: pino.stdTimeFunctions.isoTime,
    // An error is logged as its kind and message; stacks and causes can echo submitted data.
    serializers: {
      err: (error: { type?: string; name?: string; message?: string }) => ({
        type: error?.type ?? error?.name,
        // A failed query's message ends with its parameters: never let those reach a log.
        message: typeof error?.message === "string" ? error.message.split("\nparams:")[0]!.slice(0, 300) : undefined,
      }),
    },
    redact: {
      paths: [
        "*.password",
        "*.token",
        "*.accessToken",
        "*.idToken",
        "*.refreshToken",
        "*.code",
        "*.personnummer",
        "*.personalIdentityNumber",
        "*.cookie",
        "*.authorization",
        "req.headers",
      ],
      censor: "[redacted]",
    },
  });
}

export type Logger = pino.Logger;
