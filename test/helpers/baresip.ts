/**
 * baresip as a headless agent phone (see ../shared/PEERS.md): registers its accounts at Hotline's
 * registrar, answers every call by itself, sends a WAV file as its voice and writes what it heard
 * per call (sndfile). Stopped with timeout -k so nothing outlives a test.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BaresipPhone {
  port: number;
  /** Files sndfile wrote (what was heard and sent, per call). */
  recordings(): string[];
  recordingsDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** A 16-bit 8 kHz WAV of a sine tone (sox): a phone's voice the other side can recognise. */
export function toneWav(path: string, hz: number, seconds: number): string {
  execFileSync('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed-integer',
    path,
    'synth',
    String(seconds),
    'sine',
    String(hz),
    'vol',
    '0.5',
  ]);
  return path;
}

/** A free UDP port on loopback (bound and released: good enough for a test). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function startBaresip(options: {
  registrar: string;
  /** answer 'manual': the phone rings and never answers; codecs default pcmu,pcma. */
  accounts: {
    user: string;
    password: string;
    answer?: 'auto' | 'manual';
    codecs?: string;
    /** Register (and take calls) over TCP, at this registrar address instead of the UDP one. */
    tcp?: string;
  }[];
  voiceWav: string;
  rtpPorts: [number, number];
  seconds?: number;
}): Promise<BaresipPhone> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-baresip-'));
  const recordingsDir = join(dir, 'heard');
  mkdirSync(recordingsDir);
  const port = await freeUdpPort();
  writeFileSync(
    join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${port}`,
      'net_interface 127.0.0.1',
      'audio_player aubridge,nil',
      `audio_source aufile,${options.voiceWav}`,
      'audio_alert aubridge,nil',
      'ausrc_srate 8000',
      'auplay_srate 8000',
      `rtp_ports ${options.rtpPorts[0]}-${options.rtpPorts[1]}`,
      `snd_path ${recordingsDir}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module aubridge.so',
      'module sndfile.so',
      'module_tmp account.so',
      'module_app menu.so',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'accounts'),
    `${options.accounts
      .map(
        (a) =>
          `<sip:${a.user}@${a.tcp ?? options.registrar};transport=${a.tcp ? 'tcp' : 'udp'}>;auth_pass=${a.password};answermode=${a.answer ?? 'auto'};regint=60;audio_codecs=${a.codecs ?? 'pcmu,pcma'}`,
      )
      .join('\n')}\n`,
  );
  let out = '';
  const child: ChildProcess = spawn(
    'timeout',
    ['-k', '3', String(options.seconds ?? 120), 'baresip', '-f', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    port,
    recordingsDir,
    recordings: () => readdirSync(recordingsDir).map((f) => join(recordingsDir, f)),
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
