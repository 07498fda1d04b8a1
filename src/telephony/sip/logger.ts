/** The part of a pino logger the SIP stack uses, so any pino-compatible logger can be handed in. */
export interface SipLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const ignore = (): void => undefined;

export const silentSipLogger: SipLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
