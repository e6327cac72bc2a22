/**
 * The inspector follows the shot's model entry and its provider's capabilities, never a
 * provider id: an end-frame drop zone only for models that take a last frame (a note when the
 * model ignores a stored one), what the model does with references, and Edit on takes whose
 * provider edits. Remix, extend and edit each show main's price before their button enables,
 * and main's problem when they cannot go.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FollowUpInput } from '../../shared/contract/generation';
import { FakeClient, makeTake } from './fake-client';
import { renderApp } from './render-app';

const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const VEO = { provider: 'google', model: 'veo-3.1-generate-001', seconds: 8 };

async function open(client: FakeClient) {
  const result = renderApp(client);
  await screen.findByTestId('model-picker');
  return result;
}

describe('end frame', () => {
  it('is a drop zone for a model that takes a last frame: drop adds it as endFrame, × removes it', async () => {
    const client = new FakeClient().withProject(['One']);
    Object.assign(client.shots[0]!, VEO);
    const id = client.shots[0]!.id;
    await open(client);
    const zone = screen.getByTestId('end-frame-drop');
    const image = new File([PNG_BYTES], 'sunset.png', { type: 'image/png' });
    await act(async () => {
      fireEvent.drop(zone, { dataTransfer: { files: [image], types: ['Files'] } });
    });
    await waitFor(() => expect(screen.getByTestId('end-frame').textContent).toContain('sunset.png'));
    const [upload] = client.callsOf('references.add') as Array<{ target: unknown; files: Array<{ name: string }> }>;
    expect(upload!.target).toEqual({ kind: 'endFrame', id });
    expect(upload!.files.map((f) => f.name)).toEqual(['sunset.png']);
    // Not a reference: the reference list stays empty.
    expect(screen.queryAllByTestId('reference-thumb')).toEqual([]);

    const endId = client.shots[0]!.endFrame!.id;
    fireEvent.click(screen.getByTestId('end-frame-remove'));
    await waitFor(() => expect(screen.queryByTestId('end-frame')).toBeNull());
    expect(client.callsOf('references.remove')).toEqual([{ target: { kind: 'endFrame', id }, referenceId: endId }]);
  });

  it('is not offered for a model without a last frame; a stored one gets a note that it is ignored', async () => {
    const client = new FakeClient().withProject(['One', 'Two']);
    client.shots[1]!.endFrame = { id: client.shots[1]!.id.replace(/.$/, 'f'), path: 'media/refs/end.png', name: 'end.png', fit: 'cover', width: 64, height: 48 };
    const { user } = await open(client);
    expect(screen.queryByTestId('end-frame-drop')).toBeNull();
    expect(screen.queryByTestId('end-frame-ignored')).toBeNull();
    await user.click(screen.getAllByTestId('shot-card')[1]!);
    const note = await screen.findByTestId('end-frame-ignored');
    expect(note.textContent).toContain('Animatic (ffmpeg, local) takes no end frame');
    expect(note.textContent).toContain('end.png');
    expect(screen.queryByTestId('end-frame-drop')).toBeNull();
  });
});

describe('references', () => {
  it("say how many the model takes and when they are not sent with a frame", async () => {
    const client = new FakeClient().withProject(['One', 'Two']);
    Object.assign(client.shots[1]!, VEO);
    const { user } = await open(client);
    expect(screen.getByTestId('reference-capacity').textContent).toBe(
      'Animatic (ffmpeg, local): The first image is its first frame. It takes no other reference images.',
    );
    await user.click(screen.getAllByTestId('shot-card')[1]!);
    await waitFor(() =>
      expect(screen.getByTestId('reference-capacity').textContent).toBe(
        'Veo 3.1: The first image is its first frame. It takes up to 3 reference images besides. References are not sent with a first or end frame: with one, only the frame goes.',
      ),
    );
  });
});

describe('take follow-ups', () => {
  it('offer Edit only where the capabilities say edit, priced first, then send takes.edit', async () => {
    const client = new FakeClient().withProject(['One']);
    const shotId = client.shots[0]!.id;
    const fromGoogle = makeTake(shotId, { provider: 'google', model: 'veo-3.1-generate-001', remoteId: 'op/1' });
    const fromAnimatic = makeTake(shotId);
    client.takes = [fromAnimatic, fromGoogle];
    const asked: FollowUpInput[] = [];
    client.followUpEstimate = (input) => {
      asked.push(input);
      return { usd: 3.2, text: '$3.20', problem: null, spend: { budgetUsd: null, spentUsd: 0, reservedUsd: 0, remainingUsd: null } };
    };
    const { user } = await open(client);
    const takes = await screen.findAllByTestId('take');
    const take = (id: string) => takes.find((t) => t.dataset.takeId === id)!;
    expect(within(take(fromAnimatic.id)).queryByTestId('take-edit')).toBeNull();

    const row = take(fromGoogle.id);
    await user.click(within(row).getByTestId('take-edit'));
    const start = within(row).getByTestId('take-edit-start') as HTMLButtonElement;
    // No prompt yet: nothing to price, nothing to send.
    expect(start.disabled).toBe(true);
    await user.type(within(row).getByTestId('take-edit-prompt'), 'Remove the boat');
    expect((await within(row).findByTestId('take-edit-price')).textContent).toBe('$3.20');
    expect(start.disabled).toBe(false);
    expect(asked.at(-1)).toEqual({ kind: 'edit', takeId: fromGoogle.id, prompt: 'Remove the boat' });
    // Priced once the typing settled, not per key.
    expect(asked.length).toBeLessThan(3);
    await user.click(start);
    expect(client.callsOf('takes.edit')).toEqual([{ takeId: fromGoogle.id, prompt: 'Remove the boat' }]);
    await waitFor(() => expect(within(row).queryByTestId('take-edit-form')).toBeNull());
  });

  it("show main's problem for a remix that cannot go, and keep its button disabled", async () => {
    const client = new FakeClient().withProject(['One']);
    const shotId = client.shots[0]!.id;
    const fromOpenai = makeTake(shotId, { provider: 'openai', model: 'sora-2', remoteId: 'video_1' });
    client.takes = [fromOpenai];
    client.followUpEstimate = () => ({ usd: null, text: 'price unknown', problem: 'This would go over the project budget ($1.00 left).', spend: { budgetUsd: 5, spentUsd: 4, reservedUsd: 0, remainingUsd: 1 } });
    const { user } = await open(client);
    const row = await screen.findByTestId('take');
    await user.click(within(row).getByTestId('take-remix'));
    await user.type(within(row).getByTestId('take-remix-prompt'), 'Make it night');
    expect((await within(row).findByTestId('take-remix-problem')).textContent).toBe('This would go over the project budget ($1.00 left).');
    expect((within(row).getByTestId('take-remix-start') as HTMLButtonElement).disabled).toBe(true);
    await user.keyboard('{Enter}');
    expect(client.callsOf('takes.remix')).toEqual([]);
  });
});
