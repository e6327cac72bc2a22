/**
 * One GenerationService per AppSession, built from the real collaborators: the registry, the
 * prompt composer, the media services, the providers and a SecretStore. Hosts call
 * `attachGeneration(session, { secrets })` once, before a project opens (the Electron shell with
 * its safeStorage store; the CLI and dev host default to environment variables); handlers find
 * the service with `generationFor(session)`.
 */
import { composePrompt } from '../../shared/prompt/compose-prompt';
import type { AppSession } from '../services/app-session';
import { registryLoaderFor } from '../services/registry-loader';
import { EnvSecretStore } from '../secrets/env-secret-store';
import { knownSecrets, redactSecrets, type SecretStore } from '../secrets/secret-store';
import { defaultMediaOps, defaultProviderConstructors, ffmpegIngest, ffmpegToolsFor } from './default-collaborators';
import { GenerationService, type GenerationDeps } from './generation-service';
import { ProviderFactory, type ProviderConstructors } from './provider-factory';

const services = new WeakMap<AppSession, GenerationService>();

export interface AttachOptions extends Partial<Omit<GenerationDeps, 'providers'>> {
  /** Provider constructors (tests and benchmarks add or replace some). */
  providerConstructors?: ProviderConstructors;
  env?: NodeJS.ProcessEnv;
}

/** Builds and attaches the session's generation service. Call once, before opening a project. */
export function attachGeneration(session: AppSession, options: AttachOptions = {}): GenerationService {
  const existing = services.get(session);
  if (existing) return existing;
  const env = options.env ?? process.env;
  const secrets: SecretStore = options.secrets ?? new EnvSecretStore(env);
  const log = (line: string) => options.log?.(redactSecrets(line, knownSecrets(secrets)));
  const tools = ffmpegToolsFor(session.settings);
  const providers = new ProviderFactory(
    options.providerConstructors ?? defaultProviderConstructors(tools, log),
    secrets,
    session.settings,
    env,
  );
  const service = new GenerationService(session, {
    secrets,
    providers,
    registry: options.registry ?? (() => registryLoaderFor(session.settings.dir).registry()),
    compose: options.compose ?? composePrompt,
    media: options.media ?? defaultMediaOps(tools),
    ingest: options.ingest ?? ffmpegIngest(tools),
    timing: options.timing,
    log: options.log,
    progressIntervalMs: options.progressIntervalMs,
  });
  services.set(session, service);
  return service;
}

/** The session's generation service (attached with defaults on first use). */
export function generationFor(session: AppSession): GenerationService {
  return services.get(session) ?? attachGeneration(session);
}
