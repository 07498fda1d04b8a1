/** The smallest flow that answers, speaks `text` (English TTS) and hangs up. */
export function sayAndHangUp(name: string, text: string) {
  return {
    name,
    modules: [
      { id: 'start', type: 'start', exits: { next: 'hello' } },
      {
        id: 'hello',
        type: 'play',
        config: { prompt: { kind: 'tts', text, language: 'en-US' } },
        exits: { next: 'bye' },
      },
      { id: 'bye', type: 'hangup' },
    ],
  };
}
