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
import type { Element, Job, Project, ReferenceImage, Scene, Shot, Take } from '../../shared/domain';
import type { FollowUpEstimate, FollowUpInput } from '../../shared/contract/generation';
import type { StillEstimate } from '../../shared/contract/stills';
import { answerStills, FREE_STILL_ESTIMATE } from './fake-stills';
import { calls } from '../../shared/contract';
import type { EditCommand, EditResult, SingleEditCommand } from '../../shared/contract/edits';
import { findModel, shippedRegistry, type Registry } from '../../shared/registry/registry';
import { composePrompt } from '../../shared/prompt/compose-prompt';
import type { GenerationPreview } from '../../shared/contract/generation-preview';
import type { RegistrySnapshot } from '../../shared/contract/registry';
import { ContractCallError } from '../../renderer/api/contract-call-error';
import { newScene, newShot, newTake } from '../../shared/defaults';
import { shotNumberBetween } from '../../shared/shot-numbers';
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

/** The fake's one scene: every shot of the fake project is in it. */
export const FAKE_SCENE: Scene = newScene({ id: '00000000-0000-4000-8000-5c0000000001', orderKey: 'a0', number: '1', now: '2026-01-01T00:00:00.000Z' });

export function makeShot(orderKey: string, fields: Partial<Shot> = {}): Shot {
  const project = { defaultProvider: 'animatic', defaultModel: 'animatic', format: { width: 1280, height: 720, fps: { num: 24, den: 1 }, audio: { sampleRate: 48000 as const, channels: 2 as const } } };
  const { number = '', ...rest } = fields;
  return newShot(project, { id: fakeId(), orderKey, now: '2026-01-01T00:00:00.000Z', sceneId: FAKE_SCENE.id, number }, rest);
}

export function makeTake(shotId: string, fields: Partial<Take> = {}): Take {
  const id = fakeId();
  const file = `media/takes/${id}/take.mp4`;
  const take = newTake({
    id,
    shotId,
    request: { provider: 'animatic', model: 'animatic', prompt: 'A shot.', seconds: 4, size: '1280x720', fps: { num: 24, den: 1 } },
    requestHash: id,
    durationSeconds: 4,
    files: { original: file, normalised: file },
    now: '2026-01-01T00:00:00.000Z',
  });
  return { ...take, ...fields };
}

export class FakeClient implements ContractClient {
  readonly calls: RecordedCall[] = [];
  /** Models added through registry.addModel (main keeps them in the override file). */
  userModels: Array<{ provider: string; model: string }> = [];
  project: Project | null = null;
  path = '/projects/Lighthouse.shotline';
  shots: Shot[] = [];
  recent: RecentProject[] = [];
  /** The element library (the editing calls keep it like main does). */
  elements: Element[] = [];
  /** Providers with a key set (secrets.status answers from it; never a key). */
  keysSet = new Set<string>();
  /** Takes of every shot (a deleted shot's takes go with it and come back with it). */
  takes: Take[] = [];
  /** What `generation.estimateStill` answers (the free local still unless a test changes it). */
  stillEstimate: StillEstimate = { ...FREE_STILL_ESTIMATE };
  /** What `takes.estimateFollowUp` answers for a remix, extension or edit. */
  followUpEstimate = (_input: FollowUpInput): FollowUpEstimate => ({ usd: 0.4, text: '$0.40', problem: null, spend: { budgetUsd: null, spentUsd: 0, reservedUsd: 0, remainingUsd: null } });
  /** Jobs queued by the still, sheet and follow-up calls, oldest first. */
  queued: Job[] = [];
  /** What `registry.models` answers (the shipped registry; tests may change its descriptors). */
  registry: Registry = structuredClone(shippedRegistry());
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
    for (const shot of this.shots) shot.number = this.numberAt(shot.orderKey, shot.id);
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

  /** The single-shot patches sent as `shots.patch` commands (a typed field, a pick list), in order. */
  shotPatches(): Array<{ id: string; patch: Record<string, unknown> }> {
    return this.commandsOf('shots.patch')
      .filter((c) => c.patches.length === 1)
      .map((c) => c.patches[0]!);
  }

  /** The commands sent to `edits.apply` (undo and redo included), optionally of one kind. */
  commandsOf<K extends EditCommand['kind']>(kind?: K): Array<Extract<EditCommand, { kind: K }>> {
    const commands = (this.callsOf('edits.apply') as Array<{ command: EditCommand }>).map((c) => c.command);
    return (kind ? commands.filter((c) => c.kind === kind) : commands) as Array<Extract<EditCommand, { kind: K }>>;
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

  /** What `registry.models` answers. */
  registrySnapshot(): RegistrySnapshot {
    const r = structuredClone(this.registry);
    return { version: r.version, providers: r.providers, models: r.models, override: { path: '/x/models.json', status: this.userModels.length ? 'applied' : 'absent', messages: [] }, userModels: structuredClone(this.userModels) };
  }

  snapshot(): ProjectSnapshot | null {
    // Copies, as over the wire: the page must never share objects with "main".
    return this.project
      ? { path: this.path, project: structuredClone(this.project), shots: structuredClone(this.sorted()), elements: structuredClone(this.elements), scenes: this.shots.length ? [structuredClone(FAKE_SCENE)] : [] }
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
      prompt: '', negativePrompt: null, warnings: [], firstFrame: null, lastFrame: null, references: [], problem: null, waiting: null, usd: null, priceText: 'price unknown',
    };
    const registry = this.registry;
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

  /** A stable number for a shot at `orderKey` in the fake's one scene (as main gives it). */
  numberAt(orderKey: string, id: string): string {
    const others = this.sorted().filter((s) => s.id !== id && s.number !== '');
    const prev = others.filter((s) => s.orderKey < orderKey).pop() ?? null;
    const next = others.find((s) => s.orderKey > orderKey) ?? null;
    return shotNumberBetween(FAKE_SCENE.number, prev?.number ?? null, next?.number ?? null, others.map((s) => s.number));
  }

  /** The key for a shot placed right after `afterId` (null: at the front; undefined: at the end). */
  private keyAfter(afterId: string | null | undefined, movingId?: string): string {
    const order = this.sorted().filter((s) => s.id !== movingId);
    if (afterId === undefined) return generateKeyBetween(order.at(-1)?.orderKey ?? null, null);
    const i = afterId === null ? -1 : order.findIndex((s) => s.id === afterId);
    if (afterId !== null && i < 0) throw new ContractCallError('edits.apply', { code: 'not_found', message: `Shot ${afterId} does not exist. Reload the project.` });
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
      case 'edits.apply':
        return this.applyEdit(input);
      default: {
        const edited = this.editing(name, input) ?? answerStills(this, name, input);
        if (edited !== undefined) return edited;
        throw new ContractCallError(name, { code: 'unavailable', message: `The fake client does not answer ${name}.` });
      }
    }
  }

  /**
   * The editor's other calls: registry, references (bytes that start like a PNG or JPEG are
   * images, anything else is refused with main's words), the shot-list import.
   */
  private editing(name: CallName, input: Record<string, unknown>): unknown {
    const owner = (target: { kind: string; id: string }) =>
      target.kind !== 'element' ? { shot: this.find(target.id), element: null } : { shot: null, element: this.findElement(target.id) };
    const listOf = (target: { kind: string; id: string }): ReferenceImage[] => {
      if (target.kind === 'endFrame') {
        const end = this.find(target.id).endFrame;
        return end ? [end] : [];
      }
      return target.kind === 'shot' ? this.find(target.id).references : this.findElement(target.id).images;
    };
    const setList = (target: { kind: string; id: string }, list: ReferenceImage[]) => {
      // The end frame is one image: adding replaces it (the newest wins).
      if (target.kind === 'endFrame') this.find(target.id).endFrame = list.at(-1) ?? null;
      else if (target.kind === 'shot') this.find(target.id).references = list;
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
        for (const title of answer.titles) {
          const shot = makeShot(this.keyAfter(undefined), { title });
          shot.number = this.numberAt(shot.orderKey, shot.id);
          this.shots.push(shot);
        }
        return this.snapshot();
      }
      case 'registry.models':
        return this.registrySnapshot();
      case 'registry.addModel': {
        // As main: a copy of `basedOn` under the new id; duplicates and unknown models refused.
        const { provider, model, displayName, basedOn } = input as CallInput<'registry.addModel'>;
        if (findModel(this.registry, provider, model)) throw new ContractCallError(name, { code: 'conflict', message: `${provider}/${model} is already in the model list; pick it in the model picker, or use another id.` });
        const base = findModel(this.registry, provider, basedOn);
        if (!base) throw new ContractCallError(name, { code: 'not_found', message: `${provider} has no model "${basedOn}" to copy.` });
        this.registry.models.push({ ...structuredClone(base), model, displayName, status: { state: 'active' } });
        this.userModels.push({ provider, model });
        return this.registrySnapshot();
      }
      case 'registry.removeModel': {
        const { provider, model } = input as CallInput<'registry.removeModel'>;
        if (!this.userModels.some((m) => m.provider === provider && m.model === model)) throw new ContractCallError(name, { code: 'not_found', message: `${provider}/${model} cannot be removed: it ships with Shotline; only models you added can be removed.` });
        this.userModels = this.userModels.filter((m) => !(m.provider === provider && m.model === model));
        this.registry.models = this.registry.models.filter((m) => !(m.provider === provider && m.model === model));
        return this.registrySnapshot();
      }
      case 'app.info':
        return { version: 'test', host: 'web', mediaBase: '/media/' };
      case 'secrets.status':
        return { keys: [...this.keysSet].map((provider) => ({ provider, isSet: true, source: 'memory' })), warning: null };
      case 'generation.spend':
        return { spend: { budgetUsd: null, spentUsd: 0, reservedUsd: 0, remainingUsd: null }, ledger: [], byProvider: [], byShot: [] };
      case 'takes.list':
        return structuredClone(this.takes.filter((t) => t.shotId === input.shotId));
      case 'jobs.list':
        return [];
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

  /**
   * `edits.apply` as main runs it (main/editing/apply-edit.ts) on the in-memory project: the
   * command checked against the contract's own schema, applied all or nothing, answered with what
   * changed and the command that reverses it.
   */
  private applyEdit(input: unknown): EditResult {
    const parsed = calls['edits.apply'].input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ContractCallError('edits.apply', { code: 'invalid_input', message: `${issue.path.join('.')}: ${issue.message}` });
    }
    const saved = { shots: structuredClone(this.shots), elements: structuredClone(this.elements), takes: structuredClone(this.takes) };
    const touched = new FakeTouched();
    try {
      const inverse = this.runEdit(parsed.data.command, touched);
      return {
        shots: structuredClone(this.sorted().filter((s) => touched.shots.has(s.id))),
        removedShotIds: [...touched.removedShots],
        elements: structuredClone(this.elements.filter((e) => touched.elements.has(e.id))),
        removedElementIds: [...touched.removedElements],
        scenes: [],
        removedSceneIds: [],
        inverse,
      };
    } catch (error) {
      // One transaction: a refusal part-way leaves everything as it was.
      Object.assign(this, saved);
      throw error;
    }
  }

  private refuse(code: ContractError['code'], message: string): never {
    throw new ContractCallError('edits.apply', { code, message });
  }

  /** Shots by id in sequence order, each checked to exist, none named twice. */
  private inOrder(ids: readonly string[]): Shot[] {
    if (new Set(ids).size !== ids.length) this.refuse('invalid_input', 'A shot is named twice in one edit; name each shot once.');
    for (const id of ids) if (!this.shots.some((s) => s.id === id)) this.refuse('not_found', `Shot ${id} does not exist (it may have been deleted). Reload the project.`);
    return this.sorted().filter((s) => ids.includes(s.id));
  }

  private shotOf(id: string): Shot {
    return this.shots.find((s) => s.id === id) ?? this.refuse('not_found', `Shot ${id} does not exist (it may have been deleted). Reload the project.`);
  }

  private elementOf(id: string): Element {
    return this.elements.find((e) => e.id === id) ?? this.refuse('not_found', `Element ${id} does not exist (it may have been deleted). Reload the project.`);
  }

  /** `orderKey` when no other shot holds it, else a fresh key right after it (as main does). */
  private freeKey(id: string, orderKey: string): string {
    const holder = this.shots.find((s) => s.orderKey === orderKey && s.id !== id);
    if (!holder) return orderKey;
    const next = this.sorted().find((s) => s.orderKey > orderKey);
    return generateKeyBetween(orderKey, next?.orderKey ?? null);
  }

  private checkTrim(shot: Shot): void {
    if (shot.trimOut !== null && shot.trimOut <= shot.trimIn) this.refuse('invalid_input', `Trim out (${shot.trimOut}s) must be after trim in (${shot.trimIn}s).`);
  }

  private checkName(name: string, id: string | null): void {
    if (this.elements.some((e) => e.id !== id && e.name.toLowerCase() === name.toLowerCase())) {
      this.refuse('conflict', `Cannot use "${name}": an element with that name already exists. Pick another name.`);
    }
  }

  private runEdit(command: EditCommand, touched: FakeTouched): EditCommand {
    const previous = <T extends object>(record: T, patch: object) =>
      Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined).map(([k]) => [k, structuredClone((record as Record<string, unknown>)[k])]));
    switch (command.kind) {
      case 'batch': {
        const inverses = command.edits.map((edit) => this.runEdit(edit, touched)).reverse();
        return batchOf(inverses);
      }
      case 'shots.add': {
        const shot = makeShot(this.keyAfter(command.afterId ?? undefined), structuredClone(command.fields ?? {}) as Partial<Shot>);
        shot.number = this.numberAt(shot.orderKey, shot.id);
        this.shots.push(shot);
        touched.shot(shot.id);
        return { kind: 'shots.delete', ids: [shot.id] };
      }
      case 'shots.delete': {
        const records = this.inOrder(command.ids).map((shot) => ({ shot: structuredClone(shot), takes: structuredClone(this.takes.filter((t) => t.shotId === shot.id)) }));
        const gone = new Set(command.ids);
        this.shots = this.shots.filter((s) => !gone.has(s.id));
        this.takes = this.takes.filter((t) => !gone.has(t.shotId));
        for (const id of command.ids) touched.shot(id, true);
        return { kind: 'shots.restore', records };
      }
      case 'shots.duplicate': {
        const copies = this.inOrder(command.ids).map((source) => {
          const copy: Shot = { ...structuredClone(source), id: fakeId(), orderKey: this.keyAfter(source.id), selectedTakeId: null, trimIn: 0, trimOut: null };
          copy.number = this.numberAt(copy.orderKey, copy.id);
          this.shots.push(copy);
          touched.shot(copy.id);
          return copy.id;
        });
        return { kind: 'shots.delete', ids: copies };
      }
      case 'shots.move': {
        const shots = this.inOrder(command.ids);
        if (command.afterId !== null && command.ids.includes(command.afterId)) this.refuse('invalid_input', 'Shots cannot be moved after one of themselves.');
        const keys = shots.map((s) => ({ id: s.id, orderKey: s.orderKey }));
        let after = command.afterId;
        for (const shot of shots) {
          shot.orderKey = this.keyAfter(after, shot.id);
          touched.shot(shot.id);
          after = shot.id;
        }
        return { kind: 'shots.reorder', keys };
      }
      case 'shots.reorder': {
        const keys = command.keys.map(({ id }) => ({ id, orderKey: this.shotOf(id).orderKey }));
        for (const { id, orderKey } of command.keys) {
          const shot = this.shotOf(id);
          shot.orderKey = this.freeKey(id, orderKey);
          touched.shot(id);
        }
        return { kind: 'shots.reorder', keys };
      }
      case 'shots.set':
        return this.runEdit({ kind: 'shots.patch', patches: command.ids.map((id) => ({ id, patch: command.patch })) }, touched);
      case 'shots.patch': {
        const undo = command.patches.map(({ id, patch }) => {
          const shot = this.shotOf(id);
          const before = previous(shot, patch);
          Object.assign(shot, Object.fromEntries(Object.entries(structuredClone(patch)).filter(([, v]) => v !== undefined)));
          this.checkTrim(shot);
          touched.shot(id);
          return { id, patch: before };
        });
        return { kind: 'shots.patch', patches: undo.reverse() };
      }
      case 'shots.restore': {
        const replaced: Array<{ shot: Shot }> = [];
        const created: string[] = [];
        for (const record of command.records) {
          const shot = structuredClone(record.shot) as Shot;
          this.checkTrim(shot);
          for (const take of record.takes ?? []) if (take.shotId !== shot.id) this.refuse('invalid_input', `Take ${take.id} belongs to another shot; restore it with its own shot.`);
          const before = this.shots.find((s) => s.id === shot.id);
          if (before) replaced.push({ shot: structuredClone(before) });
          else created.push(shot.id);
          for (const take of record.takes ?? []) if (!this.takes.some((t) => t.id === take.id)) this.takes.push(structuredClone(take) as Take);
          // As main: the selection stays only when that take is this shot's and ready.
          const take = this.takes.find((t) => t.id === shot.selectedTakeId);
          const restored: Shot = { ...shot, orderKey: this.freeKey(shot.id, shot.orderKey), selectedTakeId: take && take.shotId === shot.id && take.status === 'ready' ? take.id : null };
          if (before) Object.assign(before, restored);
          else this.shots.push(restored);
          touched.shot(shot.id);
        }
        const inverses: EditCommand[] = [];
        if (created.length) inverses.push({ kind: 'shots.delete', ids: created });
        if (replaced.length) inverses.push({ kind: 'shots.restore', records: replaced });
        return batchOf(inverses);
      }
      case 'elements.add': {
        this.checkName(command.element.name, null);
        const element: Element = { id: fakeId(), kind: command.element.kind, name: command.element.name, description: command.element.description ?? '', images: [], realPerson: false, consent: null };
        this.elements.push(element);
        touched.element(element.id);
        return { kind: 'elements.delete', id: element.id };
      }
      case 'elements.update': {
        const element = this.elementOf(command.id);
        if (command.patch.name !== undefined) this.checkName(command.patch.name, element.id);
        const before = previous(element, command.patch);
        Object.assign(element, Object.fromEntries(Object.entries(structuredClone(command.patch)).filter(([, v]) => v !== undefined)));
        touched.element(element.id);
        return { kind: 'elements.update', id: element.id, patch: before };
      }
      case 'elements.delete': {
        const element = this.elementOf(command.id);
        this.elements = this.elements.filter((e) => e.id !== command.id);
        touched.element(command.id, true);
        return { kind: 'elements.restore', element: structuredClone(element) };
      }
      case 'elements.restore': {
        const record = structuredClone(command.element) as Element;
        this.checkName(record.name, record.id);
        const before = this.elements.find((e) => e.id === record.id);
        const was = before ? structuredClone(before) : null;
        if (before) Object.assign(before, record);
        else this.elements.push(record);
        touched.element(record.id);
        return was ? { kind: 'elements.restore', element: was } : { kind: 'elements.delete', id: record.id };
      }
      default:
        // Scenes and numbering are tested against main itself (test/editing, test/e2e/scenes).
        return this.refuse('unavailable', `The fake client does not apply ${command.kind}.`);
    }
  }
}

/** What one edit touched (changed or removed), as main's result reports it. */
class FakeTouched {
  readonly shots = new Set<string>();
  readonly elements = new Set<string>();
  readonly removedShots = new Set<string>();
  readonly removedElements = new Set<string>();

  shot(id: string, removed = false): void {
    (removed ? this.removedShots : this.shots).add(id);
    (removed ? this.shots : this.removedShots).delete(id);
  }

  element(id: string, removed = false): void {
    (removed ? this.removedElements : this.elements).add(id);
    (removed ? this.elements : this.removedElements).delete(id);
  }
}

/** One batch from several inverses, flattened (a batch holds no batches). */
function batchOf(inverses: EditCommand[]): EditCommand {
  const edits: SingleEditCommand[] = inverses.flatMap((c) => (c.kind === 'batch' ? c.edits : [c]));
  return edits.length === 1 ? edits[0]! : { kind: 'batch', edits };
}
