import { Readable } from 'node:stream';

/**
 * Reads the first `bytes` of a stream without losing them: the head to judge
 * the type by, and a stream of the whole content (head included) for the
 * writer. Destroying that stream destroys the source, so a refusal after the
 * peek stops reading the upload at once.
 *
 * Built on the source's events rather than `unshift`: busboy's file streams
 * emit `end` by hand, outside the stream state that `unshift` relies on.
 */
export function peek(source: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const seen: Buffer[] = [];
    let length = 0;
    let peeked = false;
    let finished = false;
    const out = new Readable({
      read() {
        if (peeked) source.resume();
      },
      destroy(err, callback) {
        if (!finished) source.destroy();
        callback(err);
      },
    });
    const handOver = () => {
      if (peeked) return;
      peeked = true;
      resolve({ head: Buffer.concat(seen).subarray(0, bytes), stream: out });
    };
    const fail = (err: Error) => {
      finished = true;
      if (peeked) out.destroy(err);
      else reject(err);
    };
    source.on('data', (chunk: Buffer) => {
      if (!peeked) {
        seen.push(chunk);
        length += chunk.length;
      }
      const wantsMore = out.push(chunk);
      if (!peeked && length >= bytes) {
        source.pause();
        handOver();
      } else if (!wantsMore) {
        source.pause();
      }
    });
    source.on('end', () => {
      finished = true;
      out.push(null);
      handOver();
    });
    source.on('error', fail);
    source.on('close', () => {
      if (!finished) fail(new Error('the stream closed before its end'));
    });
  });
}
