/**
 * The shot inspector over the recording fake client: edits reach the contract with the right
 * calls; `@` autocomplete offers the library and inserts a mention; the model picker offers
 * only what the registry allows for the chosen model and shows a retired model as such; a
 * dropped image is uploaded and shown, a bad file shows main's reason and adds nothing.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Element } from '../../shared/domain';
import { FakeClient, fakeId } from './fake-client';
import { renderApp } from './render-app';

function element(name: string, kind: Element['kind'] = 'character'): Element {
  return { id: fakeId(), kind, name, description: `${name} description`, images: [], realPerson: false, consent: null };
}

async function open(client: FakeClient) {
  const result = renderApp(client);
  await screen.findByTestId('shot-editor');
  // The registry arrives after the snapshot; the model picker waits for it.
  await screen.findByTestId('model-picker');
  return result;
}

const optionTexts = (select: HTMLElement) => Array.from((select as HTMLSelectElement).options).map((o) => o.textContent);
const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('inspector edits', () => {
  it('sends pick-list, checkbox and transition edits as shots.patch commands of that field only', async () => {
    const client = new FakeClient().withProject(['One', 'Two']);
    const { user } = await open(client);
    await user.click(screen.getAllByTestId('shot-card')[1]!);
    const id = client.shots[1]!.id;
    await waitFor(() => expect(screen.getByTestId('shot-editor').textContent).toContain('Shot 2'));

    await user.selectOptions(screen.getByTestId('shot-type'), 'close-up');
    await user.selectOptions(screen.getByTestId('camera-move'), 'dolly-in');
    await user.click(screen.getByTestId('shot-continue'));
    await waitFor(() => expect(client.shotPatches()).toHaveLength(3));
    expect(client.shotPatches()).toEqual([
      { id, patch: { shotType: 'close-up' } },
      { id, patch: { cameraMove: 'dolly-in' } },
      { id, patch: { continuePrevious: true } },
    ]);
    // The card shows the continuity marker once main has answered.
    const card = screen.getAllByTestId('shot-card')[1]!;
    expect(within(card).getByTestId('shot-card-continuity')).toBeTruthy();

    // The last shot has no transition to a next one; shot 1 does.
    expect(screen.queryByTestId('shot-transition')).toBeNull();
    await user.click(screen.getAllByTestId('shot-card')[0]!);
    await user.selectOptions(await screen.findByTestId('shot-transition'), 'dissolve');
    await waitFor(() => expect(client.shotPatches().at(-1)).toEqual({ id: client.shots[0]!.id, patch: { transition: { kind: 'dissolve', seconds: 0.5 } } }));
  });

  it("shows main's generation.preview as sent, and asks again once after a burst of edits", async () => {
    const client = new FakeClient().withProject(['One']);
    client.project!.style = 'Grainy 16mm film, muted colours.';
    client.elements = [element('Mara')];
    Object.assign(client.shots[0]!, { prompt: '@Mara climbs the stairs.', provider: 'google', model: 'veo-3.1-generate-001', seconds: 8 });
    const { user } = await open(client);
    const composed = (await screen.findByTestId('composed-prompt')).textContent!;
    expect(composed.startsWith('Grainy 16mm film, muted colours.')).toBe(true);
    expect(composed).toContain('Mara climbs the stairs');
    expect(composed).not.toContain('@Mara');
    expect(client.callsOf('generation.preview')).toEqual([{ shotId: client.shots[0]!.id }]);

    // Main's words are shown, not the page's: a refusal appears as main phrased it.
    const original = client.preview.bind(client);
    client.preview = (id) => ({ ...original(id), problem: 'Main says: 12 s is too long for this model.' });
    const prompt = screen.getByTestId('shot-prompt');
    await user.click(prompt);
    await user.keyboard(' Slowly.');
    await user.tab();
    await waitFor(() => expect(screen.getByTestId('composed-prompt').textContent).toContain('Slowly.'));
    expect(screen.getByTestId('composed-prompt-problem').textContent).toBe('Main says: 12 s is too long for this model.');
    // One save on blur, then one preview for it: the debounce keeps typing from asking per key.
    expect(client.callsOf('generation.preview').length).toBe(2);
  });
});

describe('@ autocomplete', () => {
  it('offers matching elements after @, inserts the chosen one as @Name, and shows it as a chip', async () => {
    const client = new FakeClient().withProject(['One']);
    client.shots[0]!.prompt = '';
    client.elements = [element('Mara'), element('Marco'), element('Lighthouse', 'place')];
    const { user } = await open(client);
    const prompt = screen.getByTestId('shot-prompt');
    await user.click(prompt);
    await user.type(prompt, 'Wide on @ma');
    const options = await screen.findAllByTestId('mention-option');
    expect(options.map((o) => o.textContent)).toEqual(['@Mara character', '@Marco character']);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(prompt).toHaveProperty('value', 'Wide on @Marco ');
    expect(screen.queryByTestId('mention-list')).toBeNull();
    await user.type(prompt, 'at @Light');
    await user.click(within(await screen.findByTestId('mention-list')).getByText('@Lighthouse'));
    expect(prompt).toHaveProperty('value', 'Wide on @Marco at @Lighthouse ');
    expect(screen.getAllByTestId('mention-chip').map((c) => c.textContent)).toEqual(['@Marco', '@Lighthouse']);
    await user.type(prompt, 'and @Nobody');
    await user.tab();
    expect(screen.getAllByTestId('mention-chip').map((c) => c.textContent)).toEqual(['@Marco', '@Lighthouse', '@Nobody ?']);
    await waitFor(() => expect(client.shotPatches().at(-1)).toEqual({ id: client.shots[0]!.id, patch: { prompt: 'Wide on @Marco at @Lighthouse and @Nobody' } }));
  });
});

describe('model picker', () => {
  it('offers only the durations and sizes the chosen model allows, and shows a retired model as such', async () => {
    const client = new FakeClient().withProject(['One']);
    Object.assign(client.shots[0]!, { provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 8 });
    const { user } = await open(client);
    const model = screen.getByTestId('shot-model');
    expect((model as HTMLSelectElement).selectedOptions[0]!.textContent).toBe('Sora 2 (retired 2026-09-24)');
    expect(screen.getByTestId('model-retired').textContent).toContain('sora-2 was retired on 2026-09-24');
    expect(optionTexts(screen.getByTestId('shot-seconds'))).toEqual(['4 s', '8 s', '12 s']);
    expect(optionTexts(screen.getByTestId('shot-size'))).toEqual(['1280 × 720', '720 × 1280']);
    // Retired models of the provider are listed but cannot be picked.
    const pro = Array.from((screen.getByTestId('shot-model') as HTMLSelectElement).options).find((o) => o.value === 'sora-2-pro')!;
    expect(pro.disabled).toBe(true);
    expect(pro.textContent).toContain('retired');

    // The replacement, one click away: provider, model, size and the nearest allowed duration in one patch.
    await user.click(screen.getByTestId('use-replacement'));
    await waitFor(() =>
      expect(client.shotPatches().at(-1)).toEqual({
        id: client.shots[0]!.id,
        patch: { provider: 'vertex', model: 'veo-3.1-generate-001', size: '1280x720', seconds: 8 },
      }),
    );
    await waitFor(() => expect(optionTexts(screen.getByTestId('shot-seconds'))).toEqual(['4 s', '6 s', '8 s']));
    expect(optionTexts(screen.getByTestId('shot-size'))).toEqual(['1280 × 720', '720 × 1280', '1920 × 1080', '1080 × 1920']);

    // 1080p: the registry allows 8 s only, and says why.
    await user.selectOptions(screen.getByTestId('shot-size'), '1920x1080');
    await waitFor(() => expect(optionTexts(screen.getByTestId('shot-seconds'))).toEqual(['8 s']));
    expect(screen.getByTestId('model-picker').textContent).toContain('Limited by 1080p output');
  });

  it('refuses a typed duration the animatic does not make, without a call', async () => {
    const client = new FakeClient().withProject(['One']);
    const { user } = await open(client);
    const seconds = screen.getByTestId('shot-seconds');
    await user.clear(seconds);
    await user.type(seconds, '7.3');
    await user.tab();
    expect((await screen.findByTestId('shot-seconds-error')).textContent).toBe('animatic makes 1 to 20 s in 0.5 s steps clips.');
    expect(client.shotPatches()).toEqual([]);
  });
});

describe('dropping files', () => {
  it('uploads a dropped image as a reference of the shot and shows it; a bad file shows why and adds nothing', async () => {
    const client = new FakeClient().withProject(['One']);
    await open(client);
    const area = screen.getByTestId('reference-drop');
    const good = new File([PNG_BYTES], 'cliff.png', { type: 'image/png' });
    await act(async () => {
      fireEvent.dragOver(area, { dataTransfer: { files: [good], types: ['Files'], dropEffect: 'none' } });
      fireEvent.drop(area, { dataTransfer: { files: [good], types: ['Files'] } });
    });
    await waitFor(() => expect(screen.getAllByTestId('reference-thumb')).toHaveLength(1));
    const [upload] = client.callsOf('references.add') as Array<{ target: unknown; files: Array<{ name: string; dataBase64: string }> }>;
    expect(upload!.target).toEqual({ kind: 'shot', id: client.shots[0]!.id });
    expect(upload!.files.map((f) => f.name)).toEqual(['cliff.png']);
    expect(Buffer.from(upload!.files[0]!.dataBase64, 'base64')).toEqual(Buffer.from(PNG_BYTES));

    const bad = new File(['just words'], 'notes.txt', { type: 'text/plain' });
    await act(async () => {
      fireEvent.drop(area, { dataTransfer: { files: [bad], types: ['Files'] } });
    });
    expect((await screen.findByTestId('reference-drop-error')).textContent).toBe(
      '"notes.txt" is not an image Shotline can read (unknown or damaged data). Use a PNG, JPEG or WebP file.',
    );
    expect(screen.getAllByTestId('reference-thumb')).toHaveLength(1);
    expect(client.shots[0]!.references).toHaveLength(1);
  });

  it('drops several images on a card at once', async () => {
    const client = new FakeClient().withProject(['One', 'Two']);
    await open(client);
    const card = screen.getAllByTestId('shot-card')[1]!;
    const files = ['a.png', 'b.png'].map((n) => new File([PNG_BYTES], n, { type: 'image/png' }));
    await act(async () => {
      fireEvent.drop(card, { dataTransfer: { files, types: ['Files'] } });
    });
    await waitFor(() => expect(client.shots[1]!.references.map((r) => r.name)).toEqual(['a.png', 'b.png']));
    expect(client.callsOf('references.add')).toHaveLength(1);
  });
});
