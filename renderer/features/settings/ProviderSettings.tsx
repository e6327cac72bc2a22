/**
 * One row per provider that takes connection settings, all derived from its descriptor's
 * `auth`: a base URL where the descriptor reads one, the descriptor's own fields (a cloud
 * project, a key file), and a key box only for `apiKey`. A typed key goes to main and the field
 * is emptied at once: the page only ever learns "a key is set".
 */
import { useEffect, useState, type FormEvent } from 'react';
import { MAX_PROVIDER_CONCURRENCY, MIN_PROVIDER_CONCURRENCY } from '../../../shared/contract/limits';
import type { ProviderEntry, ProviderField } from '../../../shared/registry/registry-schema';
import { useApp } from '../../state/store-context';
import { GatewayModels } from './GatewayModels';

export function ProvidersSection() {
  const registry = useApp((s) => s.settingsRegistry);
  const secrets = useApp((s) => s.secretsStatus);
  return (
    <section className="settings-section" aria-labelledby="settings-providers">
      <h3 id="settings-providers">Video services</h3>
      {secrets?.warning && <p className="muted small">{secrets.warning}</p>}
      {Object.entries(registry?.providers ?? {})
        .filter(([, p]) => p.auth.kind !== 'none')
        .map(([id, p]) => (
          <ProviderRow key={id} id={id} provider={p} />
        ))}
    </section>
  );
}

/** The descriptor lets the user point it at another address (a gateway, their own server). */
function takesBaseUrl(p: ProviderEntry): boolean {
  return p.auth.kind === 'baseUrl' || p.auth.baseUrlEnv.length > 0;
}

function ProviderRow({ id, provider }: { id: string; provider: ProviderEntry }) {
  const connection = useApp((s) => s.appSettings?.providers[id] ?? null);
  const key = useApp((s) => s.secretsStatus?.keys.find((k) => k.provider === id) ?? null);
  const saveProvider = useApp((s) => s.saveProviderSettings);
  const [baseUrl, setBaseUrl] = useState('');
  const [concurrency, setConcurrency] = useState(2);
  const [fields, setFields] = useState<Record<string, string>>({});
  const takesKey = provider.auth.kind === 'apiKey';
  const declared = provider.auth.fields;

  useEffect(() => {
    setBaseUrl(connection?.baseUrl ?? '');
    setConcurrency(connection?.concurrency ?? 2);
    setFields({ ...connection?.fields });
  }, [connection]);

  const saveConnection = (e: FormEvent) => {
    e.preventDefault();
    void saveProvider(id, {
      ...(takesBaseUrl(provider) ? { baseUrl: baseUrl.trim() || null } : {}),
      concurrency,
      // Every declared field is sent: an emptied one is cleared, so its env var or default applies.
      ...(declared.length ? { fields: Object.fromEntries(declared.map((f) => [f.key, fields[f.key]?.trim() || null])) } : {}),
    });
  };

  return (
    <div className="provider-row" data-testid={`provider-${id}`}>
      <h4>{provider.displayName}</h4>
      {takesKey && !key?.isSet && <KeyAdvice id={id} provider={provider} />}
      {provider.auth.kind === 'credentials' && (
        <p className="small muted" data-testid={`credentials-note-${id}`}>
          Signs in with your cloud account, not an API key: fill in the settings below. Requests go to your account and are billed there.
        </p>
      )}
      <form className="settings-provider-form" onSubmit={saveConnection}>
        <div className="settings-inline">
          {takesBaseUrl(provider) && (
            <label className="grow">
              Base URL
              <input
                value={baseUrl}
                onChange={(e) => setBaseUrl(e.target.value)}
                placeholder={connection?.effectiveBaseUrl ?? provider.defaultBaseUrl ?? 'The service’s own address'}
                spellCheck={false}
                data-testid={`base-url-${id}`}
              />
              {provider.auth.baseUrlEnv.length > 0 && <span className="small muted">or set {orWords(provider.auth.baseUrlEnv)}</span>}
            </label>
          )}
          <label className="narrow" title="Jobs sent to this service at the same time; the queue takes a new value when a project is next opened.">
            At once
            <input type="number" min={MIN_PROVIDER_CONCURRENCY} max={MAX_PROVIDER_CONCURRENCY} value={concurrency} onChange={(e) => setConcurrency(Number(e.target.value))} data-testid={`concurrency-${id}`} />
          </label>
        </div>
        {declared.map((field) => (
          <FieldInput
            key={field.key}
            id={id}
            field={field}
            value={fields[field.key] ?? ''}
            inUse={connection?.effectiveFields[field.key] ?? null}
            onChange={(value) => setFields((cur) => ({ ...cur, [field.key]: value }))}
          />
        ))}
        <div className="settings-inline">
          <button type="submit" data-testid={`save-connection-${id}`}>
            Save
          </button>
        </div>
      </form>
      {takesKey && <KeyForm id={id} />}
      {takesBaseUrl(provider) && <GatewayModels provider={id} providerName={provider.displayName} />}
    </div>
  );
}

/** "A or B" for env var names. */
function orWords(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function FieldInput({ id, field, value, inUse, onChange }: { id: string; field: ProviderField; value: string; inUse: string | null; onChange: (value: string) => void }) {
  // Without a value of its own, the field shows what applies instead (environment or default).
  const placeholder = inUse ?? field.default ?? (field.kind === 'path' ? '/path/to/file' : '');
  return (
    <label className="settings-field" data-testid={`field-row-${id}-${field.key}`}>
      <span>
        {field.label}
        {field.required && (
          <span className="required-mark" aria-label="required" title="Required">
            {' '}*
          </span>
        )}
      </span>
      <input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        required={field.required && !inUse}
        spellCheck={false}
        data-testid={`field-${id}-${field.key}`}
      />
      {(field.help || field.env.length > 0) && (
        <span className="small muted">
          {field.help}
          {field.env.length > 0 && ` Or set ${orWords(field.env)}.`}
        </span>
      )}
    </label>
  );
}

/** What to do when a key is needed and none is set. */
function KeyAdvice({ id, provider }: { id: string; provider: ProviderEntry }) {
  const env = provider.auth.keyEnv;
  return (
    <p className="small key-advice" data-testid={`key-advice-${id}`}>
      {provider.displayName} needs an API key.{' '}
      {provider.auth.keyUrl ? (
        <>
          Create one at{' '}
          <a href={provider.auth.keyUrl} target="_blank" rel="noreferrer">
            {provider.auth.keyUrl}
          </a>{' '}
          (or use the key of the gateway you set as base URL) and paste it below.
        </>
      ) : (
        'Get one from the service’s console (or from the gateway you set as base URL) and paste it below.'
      )}{' '}
      Nothing is sent to {provider.displayName} until a key is set.
      {env.length > 0 && ` Instead of saving it here you can set ${orWords(env)} in the environment before starting Shotline.`}
    </p>
  );
}

function KeyForm({ id }: { id: string }) {
  const key = useApp((s) => s.secretsStatus?.keys.find((k) => k.provider === id) ?? null);
  const saveApiKey = useApp((s) => s.saveApiKey);
  const clearApiKey = useApp((s) => s.clearApiKey);
  const [typedKey, setTypedKey] = useState('');
  const submitKey = (e: FormEvent) => {
    e.preventDefault();
    const typed = typedKey;
    // Empty the field before the call: the key must not stay in the page, whatever happens.
    setTypedKey('');
    void saveApiKey(id, typed);
  };
  return (
    <>
      <form className="settings-inline" onSubmit={submitKey} autoComplete="off">
        <label className="grow">
          API key
          <input
            type="password"
            value={typedKey}
            onChange={(e) => setTypedKey(e.target.value)}
            placeholder={key?.isSet ? 'Type a new key to replace the one set' : 'Paste the key'}
            autoComplete="off"
            spellCheck={false}
            data-testid={`api-key-${id}`}
          />
        </label>
        <button type="submit" className="primary" disabled={typedKey.trim().length === 0} data-testid={`save-key-${id}`}>
          Save key
        </button>
        {key?.isSet && (
          <button type="button" className="danger" onClick={() => void clearApiKey(id)} data-testid={`clear-key-${id}`}>
            Remove
          </button>
        )}
      </form>
      <p className="small" data-testid={`key-status-${id}`}>
        {key?.isSet ? `A key is set (${key.source === 'env' ? 'from the environment' : key.source === 'keychain' ? 'in the system key store' : key.source === 'memory' ? 'for this session' : 'stored'}).` : 'No key set.'}
      </p>
    </>
  );
}
