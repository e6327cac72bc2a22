/**
 * A provider's own models: ones the user added because their gateway or base URL serves them (a
 * model retired at the provider, a new endpoint with a known input shape). Each is a copy of a
 * model the registry knows under a new id, with the sizes, durations and price the gateway has
 * where they differ; main writes it to the user's model list (and checks it).
 */
import { useState, type FormEvent } from 'react';
import { useApp } from '../../state/store-context';

export function GatewayModels({ provider, providerName }: { provider: string; providerName: string }) {
  const snapshot = useApp((s) => s.settingsRegistry);
  const addModel = useApp((s) => s.addUserModel);
  const removeModel = useApp((s) => s.removeUserModel);
  const own = (snapshot?.models ?? []).filter((m) => m.provider === provider);
  const userKeys = new Set((snapshot?.userModels ?? []).filter((m) => m.provider === provider).map((m) => m.model));
  const added = own.filter((m) => userKeys.has(m.model));
  const [open, setOpen] = useState(false);
  const [model, setModel] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [basedOn, setBasedOn] = useState('');
  const [sizes, setSizes] = useState('');
  const [seconds, setSeconds] = useState('');
  const [price, setPrice] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const base = basedOn || own[0]?.model || '';
  const copied = own.find((m) => m.model === base);

  if (own.length === 0) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);
    const refused = await addModel({
      provider,
      model: model.trim(),
      displayName: displayName.trim() || model.trim(),
      basedOn: base,
      // Blank means "as the copied model"; main checks what is typed and says what is wrong.
      ...(sizes.trim() ? { sizes: list(sizes) as `${number}x${number}`[] } : {}),
      ...(seconds.trim() ? { seconds: list(seconds).map(Number) } : {}),
      ...(price.trim() ? { usd: Number(price) } : {}),
    });
    setProblem(refused);
    if (refused) return;
    for (const clear of [setModel, setDisplayName, setSizes, setSeconds, setPrice]) clear('');
  };

  return (
    <div className="gateway-models" data-testid={`gateway-models-${provider}`}>
      {added.length > 0 && (
        <ul className="gateway-list">
          {added.map((m) => (
            <li key={m.model} data-testid={`user-model-${provider}`} data-model={m.model}>
              <span>
                {m.displayName} <span className="muted small">({m.model})</span>
              </span>
              <button type="button" className="danger" onClick={() => void removeModel(provider, m.model)} data-testid={`remove-user-model-${provider}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {!open ? (
        <button type="button" className="link-button small" onClick={() => setOpen(true)} data-testid={`open-add-model-${provider}`}>
          Add a model your base URL serves…
        </button>
      ) : (
        <form className="settings-provider-form" onSubmit={(e) => void submit(e)} data-testid={`add-model-${provider}`}>
          <p className="small muted">
            For a model {providerName} no longer lists but your gateway still serves, or a new one that takes the same inputs as a model below. It is sent through {providerName}’s connection above.
          </p>
          <div className="settings-inline">
            <label className="grow">
              Model id (as the service names it)
              <input value={model} onChange={(e) => setModel(e.target.value)} required spellCheck={false} data-testid={`add-model-id-${provider}`} />
            </label>
            <label className="grow">
              Name in pick lists
              <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} placeholder={model || 'Same as the id'} data-testid={`add-model-name-${provider}`} />
            </label>
          </div>
          <div className="settings-inline">
            <label className="grow">
              Takes the same inputs as
              <select value={base} onChange={(e) => setBasedOn(e.target.value)} data-testid={`add-model-based-on-${provider}`}>
                {own.map((m) => (
                  <option key={m.model} value={m.model}>
                    {m.displayName} ({m.model})
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="settings-inline">
            <label className="grow">
              Sizes (blank: as that model)
              <input value={sizes} onChange={(e) => setSizes(e.target.value)} placeholder={copied?.sizes.join(', ')} spellCheck={false} data-testid={`add-model-sizes-${provider}`} />
            </label>
            {copied?.output !== 'image' && (
              <label>
                Seconds
                <input value={seconds} onChange={(e) => setSeconds(e.target.value)} placeholder="4, 8" spellCheck={false} data-testid={`add-model-seconds-${provider}`} />
              </label>
            )}
            <label>
              {copied?.output === 'image' ? 'USD per image' : 'USD per second'}
              <input value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" placeholder="as that model" data-testid={`add-model-price-${provider}`} />
            </label>
          </div>
          <div className="settings-inline">
            <button type="submit" className="primary" disabled={model.trim() === ''} data-testid={`add-model-save-${provider}`}>
              Add model
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
          {problem && (
            <p className="field-error" role="alert" data-testid={`add-model-problem-${provider}`}>
              {problem}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
