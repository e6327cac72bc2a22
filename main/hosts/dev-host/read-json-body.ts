/**
 * Reads a request body as JSON with a size limit. Base64 image uploads make bodies large, so
 * the limit is generous, but it is a limit: a body over it is refused before it fills memory.
 */
import type { IncomingMessage } from 'node:http';

/** Why a body could not be read, with the status to answer. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const tooLarge = () =>
    new BodyError(413, `The request body is larger than ${Math.round(limitBytes / 1e6)} MB. Send a smaller file.`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limitBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  if (total === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new BodyError(400, `The request body is not valid JSON (${(error as Error).message}).`);
  }
}
