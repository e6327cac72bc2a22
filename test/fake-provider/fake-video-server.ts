/**
 * The contract server of "Fakevid", a made-up video service that exists only to prove that a
 * provider is a descriptor plus one adapter. Its documented contract (this comment is it):
 *
 *   POST /v2/jobs             Authorization: Bearer KEY, JSON { prompt, width, height, seconds }
 *                             -> 201 { id, state: "queued" }         (401 without the key)
 *                             With `Idempotency-Key: K`, a K seen before answers 200 with the
 *                             job K made, which is not made (or billed) again.
 *   GET  /v2/jobs?created_after=MS -> 200 { jobs: [{ id, prompt, created_at }] }, newest first
 *   GET  /v2/jobs/:id         -> 200 { id, state: queued|rendering|done, progress: 0..1 }, and when
 *                             done `cost_usd`: what the job was billed ($0.04 a second, a
 *                             little under the list price: the service's own figure)
 *   GET  /v2/jobs/:id/file    -> 200 video/mp4 (the finished clip), 409 while rendering
 *   POST /v2/jobs/:id/cancel  -> 204
 *   POST /v2/jobs/:id/extend  JSON { prompt, seconds } -> 201 { id, state: "queued" }: a new job, the
 *                             finished one plus `seconds` more (409 while :id is still rendering)
 *
 * It renders a real MP4 of the asked size and length and records every request.
 */
import fs from 'node:fs';
import http from 'node:http';
import { contractClip } from '../contract-servers/contract-clip';
import { baseOf, flatHeaders, readBody, renderFraction, sendBytes, sendJson, type RecordedRequest } from '../contract-servers/contract-kit';

interface Job {
  id: string;
  prompt: string;
  createdAt: number;
  width: number;
  height: number;
  seconds: number;
  cancelled: boolean;
}

/**
 * What the test makes go wrong with the next creates: the job is made and billed, and then the
 * connection is dropped (`bill-then-drop`) or the answer is a 500 (`bill-then-500`); or the
 * server is away for the list call (`list-500`).
 */
export type FakevidFault = 'bill-then-drop' | 'bill-then-500' | 'list-500';

export interface FakeVideoServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Jobs made (each one billed), in order. */
  billed(): string[];
  /** The next `times` matching calls fail this way. */
  fault(kind: FakevidFault, times?: number): void;
  /** Forgets faults not yet used. */
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startFakeVideoServer(options: { apiKey: string; renderMs?: number }): Promise<FakeVideoServer> {
  const jobs = new Map<string, Job>();
  const byKey = new Map<string, Job>();
  const requests: RecordedRequest[] = [];
  const faults: Array<{ kind: FakevidFault; left: number }> = [];
  const takeFault = (match: (k: FakevidFault) => boolean): FakevidFault | null => {
    const f = faults.find((x) => x.left > 0 && match(x.kind));
    if (!f) return null;
    f.left--;
    return f.kind;
  };
  let next = 1;
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = await readBody(req);
      const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: {}, headers: flatHeaders(req) };
      if (body.length) record.json = JSON.parse(body.toString('utf8')) as unknown;
      requests.push(record);
      const answer = (status: number, payload: unknown) => {
        record.status = status;
        sendJson(res, status, payload);
      };
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) return answer(401, { error: 'bad token' });
      const match = /^\/v2\/jobs(?:\/([^/]+))?(?:\/(file|cancel|extend))?$/.exec(url.pathname);
      if (!match) return answer(404, { error: `no route ${url.pathname}` });
      const [, id, action] = match;
      if (!id && req.method === 'GET') {
        if (takeFault((k) => k === 'list-500')) return answer(500, { error: 'list unavailable' });
        const after = Number(url.searchParams.get('created_after') ?? 0);
        const listed = [...jobs.values()].filter((j) => j.createdAt >= after).reverse();
        return answer(200, { jobs: listed.map((j) => ({ id: j.id, prompt: j.prompt, created_at: j.createdAt })) });
      }
      if (!id && req.method === 'POST') {
        const key = req.headers['idempotency-key'];
        const known = typeof key === 'string' ? byKey.get(key) : undefined;
        if (known) return answer(200, { id: known.id, state: 'queued' });
        const { prompt, width, height, seconds } = record.json as { prompt: string; width: number; height: number; seconds: number };
        const job: Job = { id: `fv_${next++}`, prompt, createdAt: Date.now(), width, height, seconds, cancelled: false };
        jobs.set(job.id, job);
        if (typeof key === 'string') byKey.set(key, job);
        const fault = takeFault((k) => k.startsWith('bill-then'));
        if (fault === 'bill-then-drop') {
          record.status = 0;
          req.socket.destroy();
          return;
        }
        if (fault === 'bill-then-500') return answer(500, { error: 'internal error' });
        return answer(201, { id: job.id, state: 'queued' });
      }
      const job = id ? jobs.get(id) : undefined;
      if (!job) return answer(404, { error: 'no such job' });
      const progress = renderFraction(job.createdAt, { renderMs: options.renderMs ?? 200, steps: 4 });
      if (action === 'cancel' && req.method === 'POST') {
        job.cancelled = true;
        record.status = 204;
        res.writeHead(204).end();
        return;
      }
      if (action === 'extend' && req.method === 'POST') {
        if (progress < 1) return answer(409, { error: 'still rendering' });
        const { seconds } = record.json as { seconds: number };
        const longer: Job = { id: `fv_${next++}`, prompt: job.prompt, createdAt: Date.now(), width: job.width, height: job.height, seconds: job.seconds + seconds, cancelled: false };
        jobs.set(longer.id, longer);
        return answer(201, { id: longer.id, state: 'queued' });
      }
      if (action === 'file') {
        if (progress < 1) return answer(409, { error: 'still rendering' });
        const file = await contractClip({ width: job.width, height: job.height, seconds: job.seconds });
        record.status = 200;
        return sendBytes(res, fs.readFileSync(file), 'video/mp4', false);
      }
      const done = progress >= 1;
      return answer(200, { id: job.id, state: done ? 'done' : progress > 0 ? 'rendering' : 'queued', progress, ...(done ? { cost_usd: job.seconds * 0.04 } : {}) });
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: baseOf(server),
    requests,
    billed: () => [...jobs.keys()],
    fault: (kind, times = 1) => void faults.push({ kind, left: times }),
    clearFaults: () => void faults.splice(0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
