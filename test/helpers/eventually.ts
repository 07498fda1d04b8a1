import assert from 'node:assert/strict';

/**
 * Waits until `check` holds, looking every `everyMs`; fails with `message` after `timeoutMs`. For
 * what a test must see happen (audio arriving, a state changing), not for how fast it happens:
 * a loaded machine only makes it take longer.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  message: string | (() => string),
  { timeoutMs = 10_000, everyMs = 50 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline)
      assert.fail(`${typeof message === 'string' ? message : message()} (not within ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
