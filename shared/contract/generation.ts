/**
 * Contract calls for generation: estimates, starting and cancelling jobs, takes, the spend
 * ledger, and API keys (write-only: no call ever returns a key).
 */
import { z } from 'zod';
import { call } from './define';
import { Id, ProviderId, Seconds, Text } from './limits';
import type { Job, LedgerEntry, Take } from '../domain';

const ModelId = z.string().min(1).max(100);

/** One shot's line of an estimate. */
export interface ShotCostLine {
  shotId: string;
  title: string;
  provider: string;
  model: string;
  size: string;
  seconds: number;
  /** Estimated USD, or null when the price is unknown. */
  usd: number | null;
  /** `$0.80`, `price unknown`. */
  text: string;
  /** Why the shot cannot be generated as it is (registry refusal), or null. */
  problem: string | null;
}

/** The money side of a project. */
export interface SpendStatus {
  budgetUsd: number | null;
  spentUsd: number;
  /** Estimates of queued paid jobs not yet billed. */
  reservedUsd: number;
  /** Null without a budget. */
  remainingUsd: number | null;
}

/** Spend summed over one shot or one provider, split by where each figure comes from. */
export interface SpendTotal {
  /** A shot id (`deleted` for lines of shots since deleted) or a provider id. */
  key: string;
  /** Everything charged to it in USD. */
  usd: number;
  /** The part the service reported it billed (Runway credits, fal usage). */
  billedUsd: number;
  /** The part that is still Shotline's estimate from the registry price. */
  estimatedUsd: number;
  /** Ledger lines summed (one per paid job). */
  lines: number;
  /** Of those, lines that are estimates. */
  estimatedLines: number;
}

/** What `generation.spend` answers. */
export interface SpendReport {
  spend: SpendStatus;
  ledger: LedgerEntry[];
  /** Per provider, largest first. */
  byProvider: SpendTotal[];
  /** Per shot, largest first. */
  byShot: SpendTotal[];
}

/** An estimate for some shots, before anything is paid. */
export interface CostEstimate {
  shots: ShotCostLine[];
  totalUsd: number;
  totalText: string;
  /** True when any price comes only from third parties. */
  includesThirdPartyPrices: boolean;
  spend: SpendStatus;
}

/** What `generation.start` did for each shot. */
export interface StartResult {
  /** New jobs (or jobs already running for an identical request). */
  jobs: Job[];
  /** Shots served by an existing take of an identical request, at $0. */
  reused: Array<{ shotId: string; takeId: string }>;
  /** Shots that must wait for the previous shot's take (continue from previous); start them again later. */
  deferred: Array<{ shotId: string; reason: string }>;
  /** Estimated cost of the new jobs in USD. */
  estimateUsd: number;
}

/** Whether a provider has a key (never the key). */
export interface KeyStatus {
  provider: string;
  isSet: boolean;
  source: 'env' | 'keychain' | 'memory' | 'file' | null;
}

export interface SecretsStatus {
  keys: KeyStatus[];
  /** Shown in Settings when keys are not protected by the OS, or null. */
  warning: string | null;
}

/** A remix, extension or edit of a take, as estimated before it is confirmed (the fields its call takes). */
const FollowUpInputSchema = z.strictObject({
  kind: z.enum(['remix', 'extend', 'edit']),
  takeId: Id,
  /** What happens or changes (remix and edit need one; an extension defaults to the shot's). */
  prompt: Text.optional(),
  /** Seconds to add (extend only; default the shot's length). */
  seconds: Seconds.optional(),
  /** The provider's edit model (edit only). */
  model: ModelId.optional(),
});
export type FollowUpInput = z.infer<typeof FollowUpInputSchema>;

/** What a follow-up would cost: USD and text, or why it cannot go. */
export interface FollowUpEstimate {
  /** Null when it cannot go or its price is unknown (see `problem`). */
  usd: number | null;
  text: string;
  problem: string | null;
  spend: SpendStatus;
}

const ShotSelection = {
  /** Shots to work on; all shots when absent. */
  shotIds: z.array(Id).max(10_000).optional(),
  /** Use this provider instead of each shot's own. */
  provider: ProviderId.optional(),
  /** Use this model instead of each shot's own. */
  model: ModelId.optional(),
};

export const generationCalls = {
  'generation.estimate': call<CostEstimate>()(
    z.strictObject(ShotSelection),
    'Estimated cost per shot and in total, from the model registry, before anything is paid.',
  ),
  'generation.start': call<StartResult>()(
    z.strictObject({
      ...ShotSelection,
      /** Only shots without a selected take. */
      onlyMissing: z.boolean().optional(),
      /** Make a new take even when an identical request already has one. */
      newTake: z.boolean().optional(),
      /** A spending cap for this batch in USD, on top of the project budget. */
      maxUsd: z.number().nonnegative().max(1_000_000).optional(),
    }),
    'Queues generation jobs; refuses (sending nothing) on budget, consent or registry problems.',
  ),
  'generation.spend': call<SpendReport>()(
    z.strictObject({}),
    'The spend ledger and budget of the open project, with totals per provider and per shot (billed by the service vs estimated).',
  ),
  'jobs.list': call<Job[]>()(z.strictObject({}), 'Generation jobs of the open project, newest first.'),
  'jobs.cancel': call<Job>()(z.strictObject({ jobId: Id }), 'Cancels a job (and the remote job where the provider allows it).'),
  'jobs.resend': call<Job>()(
    z.strictObject({ jobId: Id }),
    'Sends a job whose outcome is unknown once more, because the user checked the service and says so (it may be billed again).',
  ),
  'jobs.retryFollowUp': call<Job>()(
    z.strictObject({ jobId: Id }),
    'Sends a remix, extension or edit that ended without a take again, exactly as it was asked (a new job, priced and budget-checked like the first).',
  ),
  'takes.list': call<Take[]>()(z.strictObject({ shotId: Id }), 'The takes of a shot, oldest first.'),
  'takes.select': call<null>()(
    z.strictObject({ shotId: Id, takeId: Id.nullable() }),
    'Chooses the take a shot uses in the sequence (null: none).',
  ),
  'takes.delete': call<null>()(z.strictObject({ takeId: Id }), 'Deletes a take and its files.'),
  'takes.remix': call<Job>()(
    z.strictObject({ takeId: Id, prompt: Text.refine((s) => s.trim().length > 0, 'must not be empty') }),
    'Remixes a finished take with a new prompt (providers whose capabilities say remix): a new job whose take is linked to its parent.',
  ),
  'takes.edit': call<Job>()(
    z.strictObject({
      takeId: Id,
      /** What to change. */
      prompt: Text.refine((s) => s.trim().length > 0, 'must not be empty'),
      /** The provider's edit model, where it has a separate one (default: the take's model). */
      model: ModelId.optional(),
    }),
    'Edits a finished take (providers whose capabilities say edit: video-to-video, or refining it at the service): a new job whose take is linked to its parent.',
  ),
  'takes.estimateFollowUp': call<FollowUpEstimate>()(
    FollowUpInputSchema,
    'What a remix, extension or edit of a take would cost and whether it can go (sends nothing): for the confirmation before it is paid.',
  ),
  'takes.extend': call<Job>()(
    z.strictObject({
      takeId: Id,
      /** What happens next (default: the shot's own prompt). */
      prompt: Text.optional(),
      /** How many seconds to add (default: the shot's length); the model's durations apply. */
      seconds: Seconds.optional(),
    }),
    'Extends a finished take into a longer one (providers whose capabilities say extend): a new job whose take is linked to its parent.',
  ),
  'secrets.set': call<KeyStatus>()(
    z.strictObject({ provider: ProviderId, key: z.string().trim().min(8, 'is too short to be an API key').max(4096) }),
    'Stores an API key in main (write-only).',
  ),
  'secrets.clear': call<KeyStatus>()(z.strictObject({ provider: ProviderId }), 'Removes a stored API key.'),
  'secrets.status': call<SecretsStatus>()(z.strictObject({}), 'Which providers have a key set (never the key).'),
} as const;
