/**
 * The media plane's logger inside the worker: each line goes to the main thread, which writes it
 * with its own logger. Fields that cannot be cloned (functions, sockets) cross as text.
 */
import type { MediaLogger } from '../media/logger.js';
import type { FromMediaWorker } from './protocol.js';

export function workerLogger(post: (message: FromMediaWorker) => void, debug: boolean): MediaLogger {
  const send = (level: 'debug' | 'warn', fields: Record<string, unknown>, message: string) => {
    try {
      post({ event: 'log', level, fields, message });
    } catch {
      const text: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields))
        text[key] = value instanceof Error ? value : typeof value === 'object' ? String(value) : value;
      try {
        post({ event: 'log', level, fields: text, message });
      } catch {
        post({ event: 'log', level, fields: {}, message });
      }
    }
  };
  return {
    debug: (fields, message) => {
      if (debug) send('debug', fields, message);
    },
    warn: (fields, message) => send('warn', fields, message),
  };
}
