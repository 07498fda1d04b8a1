/**
 * Debian's Chromium for the softphone tests: the flags of ../shared/PEERS.md, a fake microphone
 * that plays a WAV file (looped), media permission granted, autoplay allowed (the page plays the
 * remote audio without a click), and loopback ICE candidates allowed. Never a downloaded browser.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { toneWav } from '../../helpers/wav.js';

export const CHROMIUM = '/usr/bin/chromium';

export const chromiumSkipReason: string | false = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`;

export interface SoftphoneBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Starts Chromium whose microphone plays a sine tone of `microphoneHz` (48 kHz WAV, looped). */
export async function launchSoftphoneBrowser(microphoneHz: number): Promise<SoftphoneBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-softphone-'));
  const wav = join(dir, `tone-${microphoneHz}.wav`);
  writeFileSync(wav, toneWav({ rate: 48000, channels: 1, seconds: 10, frequency: microphoneHz }));
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${wav}`,
        '--autoplay-policy=no-user-gesture-required',
        '--allow-loopback-in-peer-connection',
      ],
    });
    return {
      browser,
      async close() {
        await browser.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * In the page (a string: the tests are compiled without DOM types): the strongest frequency an
 * AnalyserNode hears on `window.remoteAnalyser`, and the inbound audio figures of `window.pc`.
 */
export const remoteAudioProbe = `(async () => {
  const an = window.remoteAnalyser;
  const bins = new Float32Array(an.frequencyBinCount);
  an.getFloatFrequencyData(bins);
  let best = 1;
  for (let i = 2; i < bins.length; i++) if (bins[i] > bins[best]) best = i;
  const report = await window.pc.getStats();
  let inbound = null;
  report.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') inbound = s; });
  return {
    peakHz: (best * an.context.sampleRate) / an.fftSize,
    peakDb: bins[best],
    packetsReceived: inbound ? inbound.packetsReceived : 0,
    totalAudioEnergy: inbound ? inbound.totalAudioEnergy : 0,
  };
})()`;

export interface RemoteAudio {
  peakHz: number;
  peakDb: number;
  packetsReceived: number;
  totalAudioEnergy: number;
}
