/**
 * A ContractClient for component tests: keeps a small in-memory project, answers the calls the
 * first screen makes the way main does (fresh order keys, whole records back), and records every
 * call. `failNext` makes the next call of a name fail with an envelope error; `delay` slows a call.
 */
import { generateKeyBetween } from 'fractional-indexing';
import type {
  CallInput,
  CallName,
  CallResult,
  ContractClient,
  ContractError,
  EventName,
  EventPayload,
  ProjectSnapshot,
  RecentProject,
} from '../../shared/contract';
import type { Element, Project, ReferenceImage, Shot } from '../../shared/domain';
import { findModel, shippedRegistry } from '../../shared/registry/registry';
import { composePrompt } from '../../shared/prompt/compose-prompt';
import type { GenerationPreview } from '../../shared/contract/generation-preview';
import { ContractCallError } from '../../renderer/api/contract-call-error';
import { parseFrameRate } from '../../shared/frame-rate';

export interface RecordedCall {
  name: CallName;
  input: unknown;
}

let counter = 0;
/** A UUID-shaped id, unique within the test run. */
export function fakeId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

export function makeProject(name = 'Lighthouse'): Project {
  return {
    id: fakeId(),
    name,
    format: { width: 1280, height: 720, fps: { num: 24, den: 1 }, audio: { sampleRate: 48000, channels: 2 } },
    style: '',
    budgetUsd: null,
    defaultProvider: 'animatic',
    defaultModel: 'animatic',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

export function makeShot(orderKey: string, fields: Partial<Shot> = {}): Shot {
  return {
    id: fakeId(),
    orderKey,
    title: '',
    prompt: '',
    cameraMove: '',
    shotType: '',
    dialogue: '',
    soundNotes: '',
    seconds: 4,
    provider: 'animatic',
    model: 'animatic',
    size: '1280x720',
    references: [],
    continuePrevious: false,
    selectedTakeId: null,
    trimIn: 0,
    trimOut: null,
    transition: { kind: 'cut', seconds: 0 },
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

export class FakeClient implements ContractClient {
  readonly calls: RecordedCall[] = [];
  project: Project | null = null;
  path = '/projects/Lighthouse.shotline';
  shots: Shot[] = [];
  recent: RecentProject[] = [];
  /** The element library (the editing calls keep it like main does). */
  elements: Element[] = [];
  private failures = new Map<CallName, ContractError>();
  private delays = new Map<CallName, number>();
  private listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private inFlight = new Map<CallName, number>();
  private maxByName = new Map<CallName, number>();

  /** `shotlist.import` answers by path: shot titles added, or main's message refusing the file. */
  shotLists: Record<string, { titles: string[] } | { error: string }> = {};
  /** What the native picker returns (`dialogs.pickShotList`); undefined: no picker (browser host). */
  pickedShotList: string | null | undefined = undefined;

  /** The most calls of `name` that were ever waiting for an answer at the same time. */
  maxInFlightOf(name: CallName): number {
    return this.maxByName.get(name) ?? 0;
  }

  /** Opens a project with shots titled as given. */
  withProject(titles: string[] = []): this {
    this.project = makeProject();
    let key: string | null = null;
    this.shots = titles.map((title) => {
      key = generateKeyBetween(key, null);
      return makeShot(key, { title, prompt: `${title} prompt\nsecond line` });
    });
    return this;
  }

  failNext(name: CallName, error: ContractError): void {
    this.failures.set(name, error);
  }

  delay(name: CallName, ms: number): void {
    this.delays.set(name, ms);
  }

  callsOf(name: CallName): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    const fn = listener as (payload: unknown) => void;
    set.add(fn);
    return () => set.delete(fn);
  }

  async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
    this.calls.push({ name, input: structuredClone(input) });
    const now = (this.inFlight.get(name) ?? 0) + 1;
    this.inFlight.set(name, now);
    this.maxByName.set(name, Math.max(this.maxByName.get(name) ?? 0, now));
    try {
      const ms = this.delays.get(name);
      if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
    } finally {
      this.inFlight.set(name, (this.inFlight.get(name) ?? 1) - 1);
    }
    const failure = this.failures.get(name);
    if (failure) {
      this.failures.delete(name);
      throw new ContractCallError(name, failure);
    }
    return this.answer(name, input as Record<string, unknown>) as CallResult<N>;
  }

  private sorted(): Shot[] {
    return [...this.shots].sort((a, b) => (a.orderKey < b.orderKey ? -1 : a.orderKey > b.orderKey ? 1 : 0));
  }

  snapshot(): ProjectSnapshot | null {
    // Copies, as over the wire: the page must never share objects with "main".
    return this.project
      ? { path: this.path, project: structuredClone(this.project), shots: structuredClone(this.sorted()), elements: structuredClone(this.elements) }
      : null;
  }

  /**
   * What main's `generation.preview` answers, made the simple way (the real dry run is tested
   * through the dispatcher in test/contract/generation-preview.test.ts).
   */
  preview(shotId: string): GenerationPreview {
    const shot = this.find(shotId);
    const base: GenerationPreview = {
      shotId, provider: shot.provider, model: shot.model, size: shot.size, seconds: shot.seconds,
      prompt: '', negativePrompt: null, warnings: [], firstFrame: null, references: [], problem: null, waiting: null, usd: null, priceText: 'price unknown',
    };
    const registry = shippedRegistry();
    const model = findModel(registry, shot.provider, shot.model);
    if (!model) return { ...base, problem: `${shot.model} is not in the model registry; pick another model.` };
    const ref = shot.references[0];
    const [width, height] = shot.size.split('x').map(Number) as [number, number];
    const firstFrame = model.imageInputs.firstFrame && ref && !shot.continuePrevious ? { source: 'reference' as const, path: ref.path, fit: ref.fit, width, height } : null;
    try {
      const composed = composePrompt({ style: this.project?.style ?? '', shot, elements: this.elements, model, imageAttached: firstFrame !== null });
      return { ...base, prompt: composed.prompt, negativePrompt: composed.negativePrompt ?? null, warnings: composed.warnings, firstFrame };
    } catch (error) {
      return { ...base, problem: error instanceof Error ? error.message : String(error) };
    }
  }

  private find(id: unknown): Shot {
    const shot = this.shots.find((s) => s.id === id);
    if (!shot) throw new ContractCallError('fake', { code: 'not_found', message: `No shot ${String(id)}.` });
    return shot;
  }

  private findElement(id: string): Element {
    const element = this.elements.find((e) => e.id === id);
    if (!element) throw new ContractCallError('fake', { code: 'not_found', message: `No element ${id}.` });
    return element;
  }

  /** The key for a shot placed right after `afterId` (null: at the front; undefined: at the end). */
  private keyAfter(afterId: string | null | undefined, movingId?: string): string {
    const order = this.sorted().filter((s) => s.id !== movingId);
    if (afterId === undefined) return generateKeyBetween(order.at(-1)?.orderKey ?? null, null);
    const i = afterId === null ? -1 : order.findIndex((s) => s.id === afterId);
    return generateKeyBetween(order[i]?.orderKey ?? null, order[i + 1]?.orderKey ?? null);
  }

  private answer(name: CallName, input: Record<string, unknown>): unknown {
    switch (name) {
      case 'projects.current':
        return this.snapshot();
      case 'projects.recent':
        return this.recent;
      case 'projects.create': {
        this.project = makeProject(String(input.name));
        const [w, h] = String(input.size ?? '1280x720').split('x').map(Number) as [number, number];
        this.project.format = { ...this.project.format, width: w, height: h, fps: parseFrameRate(input.fps ?? 24) ?? { num: 24, den: 1 } };
        this.path = `/projects/${String(input.name)}.shotline`;
        this.shots = [];
        return this.snapshot();
      }
      case 'projects.open':
        this.project = makeProject('Opened');
        this.path = String(input.path);
        return this.snapshot();
      case 'projects.close':
        this.project = null;
        return null;
      case 'shots.add': {
        const shot = makeShot(this.keyAfter((input.afterId as string | null | undefined) ?? undefined));
        this.shots.push(shot);
        return shot;
      }
      case 'shots.update': {
        const shot = this.find(input.id);
        Object.assign(shot, input.patch);
        return { ...shot };
      }
      case 'shots.delete':
        this.find(input.id);
        this.shots = this.shots.filter((s) => s.id !== input.id);
        return null;
      case 'shots.move': {
        const shot = this.find(input.id);
        shot.orderKey = this.keyAfter(input.afterId as string | null, shot.id);
        return { ...shot };
      }
      default: {
        const edited = this.editing(name, input);
        if (edited !== undefined) return edited;
        throw new ContractCallError(name, { code: 'unavailable', message: `The fake client does not answer ${name}.` });
      }
    }
  }

  /**
   * The editor's calls: registry, elements, references (bytes that start like a PNG or JPEG are
   * images, anything else is refused with main's words), duplicate and restore.
   */
  private editing(name: CallName, input: Record<string, unknown>): unknown {
    const owner = (target: { kind: string; id: string }) =>
      target.kind === 'shot' ? { shot: this.find(target.id), element: null } : { shot: null, element: this.findElement(target.id) };
    const listOf = (target: { kind: string; id: string }): ReferenceImage[] =>
      target.kind === 'shot' ? this.find(target.id).references : this.findElement(target.id).images;
    const setList = (target: { kind: string; id: string }, list: ReferenceImage[]) => {
      if (target.kind === 'shot') this.find(target.id).references = list;
      else this.findElement(target.id).images = list;
      const o = owner(target);
      return { shot: o.shot && { ...o.shot }, element: o.element && { ...o.element } };
    };
    switch (name) {
      case 'generation.preview':
        return this.preview(input.shotId as string);
      case 'app.about':
        return { title: 'Shotline test', lines: ['Shotline test, MIT licence.', 'ffmpeg: found on PATH, /usr/bin/ffmpeg; its licence is that of the build you installed.'] };
      case 'dialogs.pickShotList':
        if (this.pickedShotList === undefined) throw new ContractCallError(name, { code: 'unavailable', message: 'There is no file dialog here (browser host). Type the absolute path of the file instead.' });
        return { path: this.pickedShotList };
      case 'shotlist.import': {
        // Main reads the file; here a table of paths stands in: titles to add, or main's refusal.
        const answer = this.shotLists[input.path as string];
        if (!this.project) throw new ContractCallError(name, { code: 'no_project', message: 'No project is open. Open or create one first.' });
        if (!answer) throw new ContractCallError(name, { code: 'not_found', message: `Cannot read ${String(input.path)}: no such file. Check the path.` });
        if ('error' in answer) throw new ContractCallError(name, { code: 'invalid_input', message: answer.error });
        for (const title of answer.titles) this.shots.push(makeShot(this.keyAfter(undefined), { title }));
        return this.snapshot();
      }
      case 'registry.models': {
        const r = shippedRegistry();
        return { version: r.version, providers: r.providers, models: r.models, override: { path: '/x/models.json', status: 'absent', messages: [] } };
      }
      case 'app.info':
        return { version: 'test', host: 'web', mediaBase: '/media/' };
      case 'generation.spend':
        return { spend: { budgetUsd: null, spentUsd: 0, reservedUsd: 0, remainingUsd: null }, ledger: [] };
      case 'takes.list':
        return [];
      case 'jobs.list':
        return [];
      case 'elements.add': {
        if (this.elements.some((e) => e.name === input.name)) {
          throw new ContractCallError(name, { code: 'conflict', message: `Cannot add "${String(input.name)}": an element with that name already exists. Pick another name.` });
        }
        const element: Element = {
          id: fakeId(),
          kind: input.kind as Element['kind'],
          name: String(input.name),
          description: String(input.description ?? ''),
          images: [],
          realPerson: false,
          consent: null,
        };
        this.elements.push(element);
        return { ...element };
      }
      case 'elements.update': {
        const element = this.findElement(String(input.id));
        Object.assign(element, input.patch);
        return { ...element };
      }
      case 'elements.delete':
        this.findElement(String(input.id));
        this.elements = this.elements.filter((e) => e.id !== input.id);
        return null;
      case 'elements.restore': {
        const record = structuredClone(input.element as Element);
        this.elements = [...this.elements.filter((e) => e.id !== record.id), record];
        return { ...record };
      }
      case 'shots.duplicate': {
        const source = this.find(input.id);
        const copy = { ...structuredClone(source), id: fakeId(), orderKey: this.keyAfter(source.id), selectedTakeId: null };
        this.shots.push(copy);
        return { ...copy };
      }
      case 'shots.restore': {
        const record = structuredClone(input.shot as Shot);
        this.shots = [...this.shots.filter((s) => s.id !== record.id), record];
        return { ...record };
      }
      case 'references.add': {
        const target = input.target as { kind: string; id: string };
        const files = input.files as Array<{ name: string; dataBase64: string }>;
        listOf(target);
        const added = files.map((file): ReferenceImage => {
          const head = atob(file.dataBase64.slice(0, 8));
          const isImage = head.startsWith('\x89PNG') || head.startsWith('\xff\xd8');
          if (!isImage) {
            throw new ContractCallError(name, {
              code: 'invalid_input',
              message: `"${file.name}" is not an image Shotline can read (unknown or damaged data). Use a PNG, JPEG or WebP file.`,
            });
          }
          return { id: fakeId(), path: `media/refs/${file.name}`, name: file.name, fit: 'cover', width: 64, height: 48 };
        });
        return setList(target, [...listOf(target), ...added]);
      }
      case 'references.remove': {
        const target = input.target as { kind: string; id: string };
        return setList(target, listOf(target).filter((r) => r.id !== input.referenceId));
      }
      case 'references.reorder': {
        const target = input.target as { kind: string; id: string };
        const list = listOf(target);
        return setList(target, (input.ids as string[]).map((id) => list.find((r) => r.id === id)!));
      }
      case 'references.setFit': {
        const target = input.target as { kind: string; id: string };
        return setList(target, listOf(target).map((r) => (r.id === input.referenceId ? { ...r, fit: input.fit as ReferenceImage['fit'] } : r)));
      }
      default:
        return undefined;
    }
  }
}
