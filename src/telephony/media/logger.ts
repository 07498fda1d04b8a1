/** The part of a pino logger the media plane uses, so any pino-compatible logger can be handed in. */
export interface MediaLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

const ignore = (): void => undefined;

export const silentMediaLogger: MediaLogger = { debug: ignore, warn: ignore };
