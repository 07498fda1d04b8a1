import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import {
  createStreamFramer,
  type FramerEvent,
  parseMessage,
  sipLimits,
} from '../../../src/telephony/sip/index.js';
import { wire } from './helpers.js';
import { INVITE, OK_200, OPTIONS } from './samples.js';

const STREAM = Buffer.concat([INVITE, OK_200, OPTIONS]);

function messages(events: readonly FramerEvent[]): Buffer[] {
  return events.flatMap((e) => (e.type === 'message' ? [e.bytes] : []));
}

function kinds(events: readonly FramerEvent[]): string[] {
  return events.map((e) => (e.type === 'keepalive' ? e.kind : e.type));
}

describe('createStreamFramer: framing by Content-Length (§18.3)', () => {
  test('pipelined messages in one chunk', () => {
    const got = messages(createStreamFramer().push(STREAM));
    assert.deepEqual(got, [INVITE, OK_200, OPTIONS]);
    for (const bytes of got) assert.ok(parseMessage(bytes, { transport: 'tcp' }).ok);
  });

  test('split in two at every byte boundary', () => {
    for (let k = 0; k <= STREAM.length; k++) {
      const framer = createStreamFramer();
      const events = [...framer.push(STREAM.subarray(0, k)), ...framer.push(STREAM.subarray(k))];
      assert.deepEqual(kinds(events), ['message', 'message', 'message'], `split at ${k}`);
      assert.deepEqual(messages(events), [INVITE, OK_200, OPTIONS], `split at ${k}`);
      assert.equal(framer.bufferedBytes, 0);
    }
  });

  test('one byte at a time', () => {
    const framer = createStreamFramer();
    const events: FramerEvent[] = [];
    for (const byte of STREAM) events.push(...framer.push(Uint8Array.of(byte)));
    assert.deepEqual(messages(events), [INVITE, OK_200, OPTIONS]);
  });

  test('messages are copies, not views of the framer buffer', () => {
    const framer = createStreamFramer();
    const [first] = messages(framer.push(OPTIONS));
    framer.push(INVITE);
    assert.deepEqual(first, OPTIONS);
  });

  test('a body holding CRLF CRLF is not taken for the end of the headers', () => {
    const body = '\r\n\r\nINVITE sip:x SIP/2.0\r\n\r\n';
    const msg = wire(
      `MESSAGE sip:b@example.com SIP/2.0\nVia: SIP/2.0/TCP h.example.com;branch=z9hG4bK1\nTo: <sip:b@example.com>\nFrom: <sip:a@example.com>;tag=1\nCall-ID: m1\nCSeq: 1 MESSAGE\nContent-Type: text/plain\nContent-Length: ${body.length}\n\n`,
    );
    const bytes = Buffer.concat([msg, Buffer.from(body), OPTIONS]);
    assert.deepEqual(kinds(createStreamFramer().push(bytes)), ['message', 'message']);
  });

  test('folded and compact Content-Length', () => {
    const text = OPTIONS.toString().replace('Content-Length: 0', 'l:\r\n  0');
    assert.deepEqual(kinds(createStreamFramer().push(Buffer.from(text))), ['message']);
  });
});

describe('createStreamFramer: keep-alives (§7.5, RFC 5626 §3.5.1)', () => {
  test('CRLF CRLF is a ping, a lone CRLF before a message a pong', () => {
    const events = createStreamFramer().push(
      Buffer.concat([Buffer.from('\r\n\r\n'), Buffer.from('\r\n'), OPTIONS, Buffer.from('\r\n\r\n\r\n\r\n')]),
    );
    assert.deepEqual(kinds(events), ['ping', 'pong', 'message', 'ping', 'ping']);
  });

  test('a ping split in any place', () => {
    for (let k = 0; k <= 4; k++) {
      const framer = createStreamFramer();
      const events = [
        ...framer.push(Buffer.from('\r\n\r\n'.slice(0, k))),
        ...framer.push(Buffer.from('\r\n\r\n'.slice(k))),
      ];
      assert.ok(kinds(events).includes('ping'), `split at ${k}: ${kinds(events)}`);
      assert.equal(framer.bufferedBytes, 0);
    }
  });

  test('a pong at the end of a chunk is reported at once', () => {
    const framer = createStreamFramer();
    assert.deepEqual(kinds(framer.push(Buffer.from('\r\n'))), ['pong']);
    assert.deepEqual(kinds(framer.push(OPTIONS)), ['message']);
  });
});

describe('createStreamFramer: what ends a stream', () => {
  const limits = sipLimits({ maxMessageBytes: 4096, maxLineLength: 512 });
  const fatal = (framer: ReturnType<typeof createStreamFramer>, bytes: Buffer) => {
    const events = framer.push(bytes);
    const last = events.at(-1);
    assert.ok(last?.type === 'error', `expected an error, got ${kinds(events)}`);
    assert.ok(framer.failed);
    return last.failure;
  };

  test('no Content-Length, a negative one, or two', () => {
    const noLength = OPTIONS.toString().replace('Content-Length: 0\r\n', '');
    assert.equal(fatal(createStreamFramer(), Buffer.from(noLength)).error.code, 'MissingContentLength');
    assert.equal(
      fatal(createStreamFramer(), Buffer.from(OPTIONS.toString().replace('Length: 0', 'Length: -1'))).error
        .code,
      'BadHeaderValue',
    );
    assert.equal(
      fatal(
        createStreamFramer(),
        Buffer.from(OPTIONS.toString().replace('Content-Length: 0', 'Content-Length: 0\r\nl: 0')),
      ).error.code,
      'DuplicateHeader',
    );
  });

  test('bytes that cannot start a message (a TLS ClientHello on the TCP port)', () => {
    assert.equal(
      fatal(createStreamFramer(), Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00])).error.code,
      'BadStartLine',
    );
  });

  test('a header section beyond the message limit', () => {
    const framer = createStreamFramer({ limits });
    const line = `X-Pad: ${'p'.repeat(100)}\r\n`;
    assert.deepEqual(framer.push(Buffer.from(`OPTIONS sip:a@b.c SIP/2.0\r\n${line.repeat(30)}`)), []);
    assert.equal(fatal(framer, Buffer.from(line.repeat(20))).error.code, 'MessageTooLarge');
  });

  test('a first line that never ends', () => {
    assert.equal(
      fatal(createStreamFramer({ limits }), Buffer.from(`OPTIONS sip:${'a'.repeat(600)}`)).error.code,
      'LineTooLong',
    );
  });

  test('a Content-Length beyond the limit fails before any body arrives', () => {
    const text = OPTIONS.toString().replace('Content-Length: 0', 'Content-Length: 5000');
    assert.equal(fatal(createStreamFramer({ limits }), Buffer.from(text)).error.code, 'MessageTooLarge');
  });

  test('a failed framer answers the request when it can, then ignores the stream', () => {
    const framer = createStreamFramer();
    const failure = fatal(framer, Buffer.from(OPTIONS.toString().replace('Length: 0', 'Length: -999')));
    assert.equal(failure.partial?.cseq?.value, '63104 OPTIONS');
    assert.deepEqual(framer.push(OPTIONS), []);
    assert.equal(framer.bufferedBytes, 0);
  });
});

describe('createStreamFramer: memory follows bytes received, never claims', () => {
  test('a 60,000-byte Content-Length with a tiny body allocates nothing near that size', () => {
    const allocUnsafe = mock.method(Buffer, 'allocUnsafe');
    const alloc = mock.method(Buffer, 'alloc');
    try {
      const framer = createStreamFramer();
      const claim = Buffer.from(OPTIONS.toString().replace('Content-Length: 0', 'Content-Length: 60000'));
      assert.deepEqual(framer.push(Buffer.concat([claim, Buffer.from('tiny')])), []);
      assert.equal(framer.bufferedBytes, claim.length + 4);
      const sizes = [...allocUnsafe.mock.calls, ...alloc.mock.calls].map((c) => Number(c.arguments[0]));
      assert.ok(
        sizes.every((n) => n < 10_000),
        `allocations: ${sizes}`,
      );
    } finally {
      allocUnsafe.mock.restore();
      alloc.mock.restore();
    }
  });

  test('parseMessage with a huge claim on a datagram allocates nothing near it', () => {
    const allocUnsafe = mock.method(Buffer, 'allocUnsafe');
    try {
      const claim = Buffer.from(OPTIONS.toString().replace('Content-Length: 0', 'Content-Length: 65000'));
      const result = parseMessage(Buffer.concat([claim, Buffer.from('tiny')]), { transport: 'udp' });
      assert.ok(!result.ok && result.error.code === 'ContentLengthExceedsMessage');
      assert.ok(allocUnsafe.mock.calls.every((c) => Number(c.arguments[0]) < 10_000));
    } finally {
      allocUnsafe.mock.restore();
    }
  });
});
