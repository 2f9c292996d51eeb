// Bounded reads on v3 streams: one length-prefixed message at a time, capped by the protocol's
// limit, under an abort signal. The byte stream's own buffer is capped too (two messages' worth,
// so an honest sender's next piece may arrive while we copy the last), so a peer that pushes more
// than it announced is cut off instead of filling our memory.
import type { Stream } from '@libp2p/interface';
import { StreamBufferError } from '@libp2p/interface';
import { InvalidDataLengthError, InvalidDataLengthLengthError, lpStream } from '@libp2p/utils';
import type { LengthPrefixedStream } from '@libp2p/utils';
import { NetError, PeerMessageError } from './errors.js';

export interface BoundedStream {
  read(signal: AbortSignal): Promise<Uint8Array>;
  write(bytes: Uint8Array, signal: AbortSignal): Promise<void>;
}

export function boundedStream(stream: Stream, maxMessageBytes: number): BoundedStream {
  const lp: LengthPrefixedStream = lpStream(stream, {
    maxDataLength: maxMessageBytes,
    maxBufferSize: 2 * maxMessageBytes + 16,
  });
  return {
    async read(signal) {
      try {
        return (await lp.read({ signal })).subarray();
      } catch (e) {
        throw mapReadError(e, maxMessageBytes);
      }
    },
    async write(bytes, signal) {
      await lp.write(bytes, { signal });
    },
  };
}

function mapReadError(e: unknown, max: number): Error {
  if (
    e instanceof InvalidDataLengthError ||
    e instanceof InvalidDataLengthLengthError ||
    e instanceof StreamBufferError
  )
    return new PeerMessageError('oversized', `message above the ${max}-byte cap (${(e as Error).message})`);
  if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError'))
    return new PeerMessageError('timeout', `no complete message before the deadline (${e.message})`);
  if (e instanceof Error) return new NetError(`stream failed: ${e.name}: ${e.message}`);
  return new NetError(`stream failed: ${String(e)}`);
}
