/** The message of an unknown thrown value, for a trace entry or an outcome. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
