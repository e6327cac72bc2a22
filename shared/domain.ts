/**
 * The Shotline domain model, shared by main and renderer.
 *
 * Pure types only: no Node, no DOM, no Electron. Every time value is in seconds (a float);
 * frame math happens in `timecode.ts` with the project's fps. Every media path is relative to the
 * project folder (`Name.shotline/`), with forward slashes, so a project can be zipped and moved.
 */
import type { FrameRate } from './frame-rate';

/** A frame size such as `1280x720`. Width first, as every provider writes it. */
export type SizeString = `${number}x${number}`;

/** Audio layout every take is normalised to. Fixed: AAC 48 kHz stereo. */
export interface HouseAudio {
  /** Sample rate in Hz. */
  sampleRate: 48000;
  /** Channel count. */
  channels: 2;
}

/**
 * The house format: the one video format every take is normalised to on arrival, so that export
 * can stream-copy cuts instead of re-encoding.
 */
export interface HouseFormat {
  /** Frame width in pixels (even). */
  width: number;
  /** Frame height in pixels (even). */
  height: number;
  /** Frames per second as an exact fraction (24/1, 24000/1001...; see frame-rate.ts). */
  fps: FrameRate;
  audio: HouseAudio;
}

/** Project-level settings, stored once per project. */
export interface Project {
  /** Stable id, generated when the project is created. */
  id: string;
  /** Display name (also the folder name without `.shotline`). */
  name: string;
  format: HouseFormat;
  /** The project style line: written first, word for word, in every composed prompt. */
  style: string;
  /** Spending limit in USD for paid providers, or null for no limit. */
  budgetUsd: number | null;
  /** Provider used for new shots (`animatic` by default: local, free, offline). */
  defaultProvider: string;
  /** Model used for new shots. */
  defaultModel: string;
  /** ISO 8601 creation time. */
  createdAt: string;
}

/** How an image is fitted to a target frame: crop to fill, or pad to fit. */
export type ImageFit = 'cover' | 'contain';

/** An image attached to a shot or an element. */
export interface ReferenceImage {
  /** Stable id. */
  id: string;
  /** Path relative to the project folder, e.g. `media/refs/3f2a.png`. */
  path: string;
  /** The file name the user gave it (for display). */
  name: string;
  /** Fit used when the image has to match a model's exact frame size. */
  fit: ImageFit;
  /** Pixel size of the stored file. */
  width: number;
  height: number;
}

/** How a shot joins the next one in the exported sequence. */
export type TransitionKind = 'cut' | 'dissolve' | 'dip';

/** A transition to the next shot. `seconds` is 0 for a cut. */
export interface Transition {
  kind: TransitionKind;
  seconds: number;
}

/**
 * A scene of the film: a run of shots in one place and time. The sequence is the scenes in
 * order, each scene's shots in order.
 */
export interface Scene {
  id: string;
  /** Fractional order key among the scenes. */
  orderKey: string;
  /** The scene number as the script has it: `4`, `12A` (see shot-numbers.ts). */
  number: string;
  /** The scene heading, e.g. `INT. LIGHTHOUSE - NIGHT`; '' when not written yet. */
  heading: string;
  /** A line or two on what happens; '' when none. */
  synopsis: string;
  /** A colour from `SCENE_COLORS` (defaults.ts) for the timeline band, or null. */
  color: string | null;
  /** Folded in the timeline (kept with the project). */
  collapsed: boolean;
  /** ISO 8601 time of the last edit. */
  updatedAt: string;
}

/** One shot of the film: the structured record the prompt composer renders per model. */
export interface Shot {
  id: string;
  /** The scene the shot belongs to. */
  sceneId: string;
  /** Fractional order key within its scene (keys are also unique across the film). */
  orderKey: string;
  /**
   * The stable shot number, scene number and letters: `4A`, `4AA` (see shot-numbers.ts). It
   * only changes when the shot moves to another scene or the user renumbers.
   */
  number: string;
  title: string;
  /** The user's description of the action; may mention elements as `@Name`. */
  prompt: string;
  /** One camera move (see `CAMERA_MOVES` in film-vocabulary.ts); '' when unset. */
  cameraMove: string;
  /** Shot size / framing (see `SHOT_TYPES`); '' when unset. */
  shotType: string;
  /** Speaker-labelled dialogue lines, e.g. `Mara: It's still turning.`; '' when none. */
  dialogue: string;
  /** Sound effects and ambience notes; '' when none. */
  soundNotes: string;
  /** What the shot must not show, comma-separated; sent as the negative prompt where the model has one. */
  avoid: string;
  /** Sound on or off for models that make sound and let it be turned off; null = the model's default. */
  audio: boolean | null;
  /** Requested clip length in seconds. */
  seconds: number;
  /** Provider id from the model registry, e.g. `animatic`, `openai`, `google`. */
  provider: string;
  /** Model id within the provider, e.g. `sora-2`. */
  model: string;
  /** Output size for the provider, e.g. `1280x720`. */
  size: SizeString;
  /** Reference images in order; the first one is the first frame where the model takes one. */
  references: ReferenceImage[];
  /** The frame the shot should end on, where the model takes a last frame; null when none. */
  endFrame: ReferenceImage | null;
  /** Continue from the last frame of the previous shot's selected take. */
  continuePrevious: boolean;
  /** The take used in the sequence, or null. */
  selectedTakeId: string | null;
  /** Seconds trimmed from the start of the selected take. */
  trimIn: number;
  /** End point in seconds within the selected take, or null for the take's end. */
  trimOut: number | null;
  /** How this shot joins the next one. */
  transition: Transition;
  /** Free-text notes for the crew. Never sent to a model (the prompt composer does not read them). */
  notes: string;
  /** ISO 8601 time of the last edit. */
  updatedAt: string;
}

/** What an element stands for. `style` elements describe the look, not a subject. */
export type ElementKind = 'character' | 'place' | 'prop' | 'style';

/** Consent given by a real person whose likeness an element carries. */
export interface ConsentRecord {
  /** Who consented (the person, or their legal representative). */
  consentedBy: string;
  /** ISO 8601 date of the consent. */
  date: string;
  /** What the consent covers, in the person's own terms (e.g. "previs for the Lighthouse spot"). */
  scope: string;
}

/** A reusable character, place, prop or style, mentioned in shots as `@Name`. */
export interface Element {
  id: string;
  kind: ElementKind;
  /** Unique within the project; used as `@Name` in prompts (no spaces). */
  name: string;
  /** Written verbatim into every prompt that mentions the element. */
  description: string;
  images: ReferenceImage[];
  /** True when the element shows a real, identifiable person. */
  realPerson: boolean;
  /** Required before a real person's likeness is sent to any provider. */
  consent: ConsentRecord | null;
}

/** An image sent with a request: stored inside the project, named by path and content hash. */
export interface RequestImage {
  /** Path relative to the project folder. */
  file: string;
  /** File name sent to the service (uploads need a real name and MIME type). */
  name: string;
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
  /** sha256 of the bytes, hex (the request hash uses it, never the path). */
  sha256: string;
}

/**
 * A generation request, exactly as it is (or was) sent: stored with the job and the take, so a
 * take shows why it looks as it does and an identical request can reuse it. Providers receive
 * the same shape with each image's absolute path added (`GenerationRequest<ImageInput>`).
 */
export interface GenerationRequest<Image extends RequestImage = RequestImage> {
  provider: string;
  model: string;
  /** The composed prompt, exactly as it is to be sent. */
  prompt: string;
  /** Exclusions, for models with a negative-prompt field. */
  negativePrompt?: string;
  seconds: number;
  size: SizeString;
  /** The house rate (used by local renderers; services pick their own). */
  fps: FrameRate;
  seed?: number;
  /** Sound on or off, for models that make sound and let it be turned off; absent = the model's default. */
  audio?: boolean;
  firstFrame?: Image;
  lastFrame?: Image;
  /** Identity / style references, where the model takes them. */
  references?: Image[];
  /** For local renderers: what to draw on a title card when there is no image. */
  card?: { title: string; text: string; cameraMove: string };
  /** For a remix: the take and remote job it starts from. */
  remixOf?: { takeId: string; remoteId: string };
  /** For an extension: the take and remote job it continues (`seconds` is how much it adds). */
  extendOf?: { takeId: string; remoteId: string };
  /**
   * For an edit (video-to-video, or "refine this take"): the take, its remote job where the
   * service keeps one, and its video (project-relative here; absolute in a provider request).
   */
  editOf?: { takeId: string; remoteId: string | null; video: string };
  /** What to make: a clip (the default), or one still image (a storyboard frame, a reference sheet). */
  output?: 'video' | 'image';
  /** For a take imported from a file rather than generated: the file's name. */
  importedFrom?: string;
}

/** Where a take stands. */
export type TakeStatus = 'ready' | 'ingesting' | 'failed';

/** Files belonging to a take, relative to the project folder. */
export interface TakeFiles {
  /** The file exactly as it arrived from the provider or the user. */
  original: string;
  /** The take normalised to the house format; null until ingest finishes. */
  normalised: string | null;
  /** A poster frame (JPEG); null until ingest finishes. */
  poster: string | null;
  /** A filmstrip of thumbnails (JPEG); null until ingest finishes. */
  filmstrip: string | null;
}

/** One generated (or imported) clip for a shot. A shot keeps several and selects one. */
export interface Take {
  id: string;
  shotId: string;
  /** The take this one remixes, or null. */
  parentTakeId: string | null;
  provider: string;
  model: string;
  size: SizeString;
  seconds: number;
  /** The prompt exactly as sent to the provider. */
  composedPrompt: string;
  /** The request exactly as sent (images by project path and sha256). */
  request: GenerationRequest;
  /** Hash of the request, for reuse of identical requests at no cost. */
  requestHash: string;
  /** The provider's job id, when there was one. */
  remoteId: string | null;
  status: TakeStatus;
  /** What the take cost in USD. */
  costUsd: number;
  /** Duration of the file as probed, in seconds (null until probed). */
  durationSeconds: number | null;
  files: TakeFiles;
  /** ISO 8601 creation time. */
  createdAt: string;
}

/** A queue job's state. Terminal states: done, failed, refused, cancelled. */
export type JobStatus =
  /** A shot that continues the previous shot, waiting for that shot's take (main starts it then). */
  | 'waiting'
  /**
   * Outcome unknown: a create failed halfway (an error or a dropped connection after the service
   * got it) at a service that can neither dedupe nor list jobs, so it may have been made and
   * billed. Nothing is resent until the user says so (`jobs.resend`) or gives it up (cancel).
   */
  | 'unknown'
  | 'queued'
  | 'submitting'
  | 'running'
  | 'downloading'
  | 'ingesting'
  | 'done'
  | 'failed'
  | 'refused'
  | 'cancelled';

/** What a job does. */
/** What a job does: a shot's clip, a follow-up of a take, a shot's still frame, an element's reference sheet. */
export type JobKind = 'generate' | 'remix' | 'extend' | 'edit' | 'still' | 'sheet';

/** A generation job in the durable queue. */
export interface Job {
  id: string;
  kind: JobKind;
  /** The shot it makes a take for; null for an element's reference sheet. */
  shotId: string | null;
  /** For a reference sheet: the element it makes an image for; otherwise null. */
  elementId: string | null;
  provider: string;
  model: string;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  /** The provider's job id once known (stored before the first poll). */
  remoteId: string | null;
  /** The take this job produced, once done. */
  takeId: string | null;
  /** For a remix: the take it starts from. */
  parentTakeId: string | null;
  /** The estimated cost in USD (what the ledger records when the job is paid). */
  estimateUsd: number;
  attempts: number;
  /** A human-readable status or error message (the provider's own words for refusals). */
  message: string;
  /** While `waiting`: the shot whose take this job waits for (it continues that shot). */
  waitingFor: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One line of the spend ledger: what a job cost when the service accepted it. */
export interface LedgerEntry {
  id: string;
  jobId: string | null;
  shotId: string | null;
  provider: string;
  model: string;
  size: string;
  seconds: number;
  costUsd: number;
  /** `estimate`: the registry's price when the service took the job; `service`: what the service reported it billed. */
  billedBy: 'estimate' | 'service';
  /** The service's own figure (e.g. 120 credits), when it reported one. */
  billed: { amount: number; unit: 'usd' | 'credits' } | null;
  createdAt: string;
}

/** An export's state. */
export type ExportStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** An export of the project in one format (the stitched MP4, the contact sheet...). */
export interface ExportJob {
  id: string;
  /** The export format's id (`mp4`, `contact-sheet`...). */
  format: string;
  status: ExportStatus;
  /** 0..1 */
  progress: number;
  /** Estimated seconds left, or null when unknown. */
  etaSeconds: number | null;
  /** Absolute path of the output file. */
  outputPath: string;
  message: string;
  createdAt: string;
}
