/**
 * File > Import Script in the page: the dialog opens from the menu command (with a notice when
 * no project is open), reads the chosen file as text, previews it with the split mode chosen
 * (main's answer stands in: a fake `fountain.preview`), lists a re-import's changes before
 * anything is applied, shows main's refusal on the spot, and applies through `fountain.apply`
 * as one undo step.
 */
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallResult } from '../../shared/contract';
import type { FountainPreview } from '../../shared/contract/fountain';
import { ContractCallError } from '../../renderer/api/contract-call-error';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

const PREVIEW: FountainPreview = {
  title: 'The Last Keeper',
  fresh: false,
  scenes: 2,
  shots: 2,
  characters: ['Mara'],
  counts: { scenesAdded: 1, scenesRemoved: 0, scenesRenamed: 0, shotsAdded: 1, shotsChanged: 1, shotsRemoved: 0, shotsKeptForTakes: 0 },
  lines: ['  ~ shot 1A: prompt changed (its takes are kept)', '+ Scene 2 INT. LAMP ROOM - NIGHT: new scene with 1 shot'],
  warnings: [],
};

/** The fake client, answering the two script calls the way main does (text in, plan out). */
class ScriptClient extends FakeClient {
  previews: Array<{ text: string; split: string }> = [];
  scriptRefusal: string | null = null;

  override async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
    if (name === 'fountain.preview' || name === 'fountain.apply') {
      const { text, split } = input as { text: string; split: string };
      if (this.scriptRefusal) throw new ContractCallError(name, { code: 'invalid_input', message: this.scriptRefusal });
      const preview = { ...PREVIEW, shots: split === 'line' ? 3 : 2 };
      if (name === 'fountain.preview') {
        this.previews.push({ text, split });
        return preview as CallResult<N>;
      }
      this.calls.push({ name, input: structuredClone(input) });
      // "Main" adds a shot; the undo deletes it again.
      const applied = { kind: 'shots.add' as const, fields: { title: 'Cliff', prompt: 'Rain lashes the grass.' } };
      const result = await super.call('edits.apply', { command: applied });
      return { preview, snapshot: this.snapshot()!, applied, inverse: result.inverse } as CallResult<N>;
    }
    return super.call(name, input);
  }
}

const menu = (client: FakeClient) => act(() => client.emit('menu.command', { command: 'script.import' }));
const file = (text: string) => new File([text], 'keeper.fountain', { type: 'text/plain' });

describe('File > Import Script', () => {
  it('previews the chosen file, lists the changes, applies them as one undo step', async () => {
    const client = new ScriptClient().withProject(['One']);
    const { user } = renderApp(client);
    await screen.findByTestId('shot-editor');
    await menu(client);
    await screen.findByTestId('import-script');
    expect((screen.getByTestId('script-import-submit') as HTMLButtonElement).disabled).toBe(true);

    await user.upload(screen.getByTestId('script-file'), file('INT. CLIFF - DAY\n\nRain lashes the grass.\n'));
    await waitFor(() => expect(screen.getByTestId('script-preview').textContent).toContain('The Last Keeper: 2 scenes, 2 shots, characters @Mara'));
    expect(client.previews).toEqual([{ text: 'INT. CLIFF - DAY\n\nRain lashes the grass.\n', split: 'paragraph' }]);
    expect(screen.getByTestId('script-changes').textContent).toContain('shot 1A: prompt changed (its takes are kept)');
    expect(screen.getByTestId('script-import-submit').textContent).toBe('Apply changes');

    await user.click(screen.getByTestId('script-split-line'));
    await waitFor(() => expect(screen.getByTestId('script-preview').textContent).toContain('3 shots'));
    expect(client.previews.at(-1)!.split).toBe('line');
    expect(client.callsOf('fountain.apply')).toHaveLength(0);

    await user.click(screen.getByTestId('script-import-submit'));
    await waitFor(() => expect(screen.queryByTestId('script-error')?.textContent ?? null).toBeNull());
    await waitFor(() => expect(screen.queryByTestId('import-script')).toBeNull());
    expect(client.callsOf('fountain.apply')[0]).toMatchObject({ split: 'line', fileName: 'keeper.fountain' });
    await waitFor(() => expect(screen.getAllByTestId('shot-card')).toHaveLength(2));

    // One Undo takes the import back.
    await act(() => client.emit('menu.command', { command: 'edit.undo' }));
    await waitFor(() => expect(screen.getAllByTestId('shot-card')).toHaveLength(1));
  });

  it('says to open a project first when none is open', async () => {
    const client = new ScriptClient();
    renderApp(client);
    await screen.findByTestId('start-view');
    await menu(client);
    expect((await screen.findByTestId('notice')).textContent).toContain('Open or create a project first');
    expect(screen.queryByTestId('import-script')).toBeNull();
  });

  it("shows main's refusal in the dialog and changes nothing", async () => {
    const client = new ScriptClient().withProject(['One']);
    client.scriptRefusal = 'keeper.fountain: line 3: this is not a screenplay: the file holds binary data (control characters); a Fountain script is plain text.';
    const { user } = renderApp(client);
    await screen.findByTestId('shot-editor');
    await menu(client);
    await user.upload(await screen.findByTestId('script-file'), file('\u0000'));
    expect((await screen.findByTestId('script-error')).textContent).toBe(client.scriptRefusal);
    expect((screen.getByTestId('script-import-submit') as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByTestId('script-cancel'));
    expect(screen.queryByTestId('import-script')).toBeNull();
    expect(screen.getAllByTestId('shot-card')).toHaveLength(1);
  });
});
