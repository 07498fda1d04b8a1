/**
 * The Goertzel algorithm: the power of one frequency in a block of samples, cheaper than an FFT
 * when only a few frequencies matter. `toneShare` says how much of a signal's power sits at the
 * frequency (1 for a pure tone, near 0 for silence or another tone).
 */
export function goertzelPower(samples: ArrayLike<number>, frequency: number, sampleRate: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  const k = Math.round((n * frequency) / sampleRate);
  const coefficient = 2 * Math.cos((2 * Math.PI * k) / n);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = samples[i]! + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}

/** Power at `frequency` over the block's total power (Parseval: Σx² × n / 2 for a full-scale sine's bin). */
export function toneShare(samples: ArrayLike<number>, frequency: number, sampleRate: number): number {
  let energy = 0;
  for (let i = 0; i < samples.length; i++) energy += samples[i]! * samples[i]!;
  if (energy === 0) return 0;
  return goertzelPower(samples, frequency, sampleRate) / ((energy * samples.length) / 2);
}

/**
 * Like toneShare, at exactly `frequency` (not the nearest bin): for short blocks (one 20 ms packet)
 * whose length is not a whole number of periods.
 */
export function exactToneShare(samples: ArrayLike<number>, frequency: number, sampleRate: number): number {
  const n = samples.length;
  let energy = 0;
  for (let i = 0; i < n; i++) energy += samples[i]! * samples[i]!;
  if (energy === 0) return 0;
  const w = (2 * Math.PI * frequency) / sampleRate;
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    re += samples[i]! * Math.cos(w * i);
    im -= samples[i]! * Math.sin(w * i);
  }
  return (re * re + im * im) / ((energy * n) / 2);
}
