import wavefile from 'wavefile';

/** A WAV file of a sine tone, in the given format (for prompt uploads). */
export function toneWav(options: {
  rate: number;
  channels: number;
  seconds: number;
  frequency?: number;
}): Buffer {
  const { rate, channels, seconds, frequency = 440 } = options;
  const frames = Math.round(rate * seconds);
  const data: Int16Array[] = [];
  for (let c = 0; c < channels; c++) {
    const ch = new Int16Array(frames);
    for (let i = 0; i < frames; i++)
      ch[i] = Math.round(Math.sin((2 * Math.PI * frequency * i) / rate) * 16000);
    data.push(ch);
  }
  const wav = new wavefile.WaveFile();
  wav.fromScratch(channels, rate, '16', channels === 1 ? data[0]! : data);
  return Buffer.from(wav.toBuffer());
}
