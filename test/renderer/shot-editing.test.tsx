import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

const cardTitles = () => screen.getAllByTestId('shot-card-title').map((el) => el.textContent);

async function openWith(titles: string[]) {
  const client = new FakeClient().withProject(titles);
  const result = renderApp(client);
  await screen.findByTestId('project-view');
  // The inspector mounts a frame after the timeline.
  if (titles.length > 0) await screen.findByTestId('shot-editor');
  return result;
}

describe('shot editor', () => {
  it('saves a typed title once, after the pause, with the shot id and only that field', async () => {
    const { client, user } = await openWith(['One', 'Two']);
    const second = client.shots[1]!;
    await user.click(screen.getAllByTestId('shot-card')[1]!);
    const input = screen.getByTestId('shot-title');
    expect(input).toHaveProperty('value', 'Two');

    await user.clear(input);
    await user.type(input, 'Keeper walks');
    await waitFor(() => expect(client.shotPatches().length).toBeGreaterThan(0));
    // Typing is debounced: far fewer saves than keystrokes, and the last one carries the whole text.
    await waitFor(() =>
      expect(client.shotPatches().at(-1)).toEqual({ id: second.id, patch: { title: 'Keeper walks' } }),
    );
    expect(client.shotPatches().length).toBeLessThan(4);
    await waitFor(() => expect(cardTitles()).toEqual(['One', 'Keeper walks']));
  });

  it('saves at once on blur, and prompt and duration go out as shots.patch commands', async () => {
    const { client, user } = await openWith(['One']);
    const id = client.shots[0]!.id;
    const prompt = screen.getByTestId('shot-prompt');
    await user.clear(prompt);
    await user.type(prompt, 'Waves hit the rocks');
    await user.click(screen.getByTestId('shot-seconds'));
    // The blur saved the prompt without waiting for the debounce.
    expect(client.shotPatches().at(-1)).toEqual({ id, patch: { prompt: 'Waves hit the rocks' } });

    await user.clear(screen.getByTestId('shot-seconds'));
    await user.type(screen.getByTestId('shot-seconds'), '6.5');
    await user.tab();
    await waitFor(() => expect(client.shotPatches().at(-1)).toEqual({ id, patch: { seconds: 6.5 } }));
    await waitFor(() => expect(screen.getByTestId('project-duration').textContent).toContain('6.5 s'));
    expect(screen.getByTestId('shot-card-prompt').textContent).toBe('Waves hit the rocks');
  });

  it('does not send a duration the contract would refuse, and says why', async () => {
    const { client, user } = await openWith(['One']);
    const seconds = screen.getByTestId('shot-seconds');
    await user.clear(seconds);
    await user.type(seconds, '500');
    await user.tab();
    expect(await screen.findByTestId('shot-seconds-error')).toHaveProperty('textContent', expect.stringContaining('at most 120'));
    expect(client.shotPatches()).toEqual([]);
  });

  it('never runs two saves at once and the last text wins when answers are slow', async () => {
    const { client, user } = await openWith(['One']);
    client.delay('edits.apply', 800);
    const input = screen.getByTestId('shot-title');
    await user.clear(input);
    await user.type(input, 'abc');
    await new Promise((r) => setTimeout(r, 350)); // first save is now in flight
    await user.type(input, 'def');
    await user.tab();
    await waitFor(() => expect(client.shots[0]!.title).toBe('abcdef'), { timeout: 3000 });
    expect(client.shotPatches().at(-1)).toEqual({ id: client.shots[0]!.id, patch: { title: 'abcdef' } });
    expect(input).toHaveProperty('value', 'abcdef');
    expect(client.maxInFlightOf('edits.apply')).toBe(1);
  });

  it('flushes a pending edit when another shot is selected', async () => {
    const { client, user } = await openWith(['One', 'Two']);
    const first = client.shots[0]!;
    await user.type(screen.getByTestId('shot-title'), '!');
    // Select the other card before the debounce fires.
    await user.click(screen.getAllByTestId('shot-card')[1]!);
    await waitFor(() => expect(client.shotPatches()).toEqual([{ id: first.id, patch: { title: 'One!' } }]));
    expect(screen.getByTestId('shot-title')).toHaveProperty('value', 'Two');
  });
});

describe('shot strip', () => {
  it('adds a shot after the selected one and selects it', async () => {
    const { client, user } = await openWith(['One', 'Two']);
    await user.click(screen.getAllByTestId('shot-card')[0]!);
    await user.click(screen.getByTestId('add-shot'));
    expect(client.commandsOf('shots.add')).toEqual([{ kind: 'shots.add', afterId: client.shots[0]!.id }]);
    await waitFor(() => expect(cardTitles()).toEqual(['One', 'Untitled', 'Two']));
    expect(screen.getByTestId('shot-editor').textContent).toContain('Shot 2');
    expect(screen.getByTestId('project-duration').textContent).toBe('3 shots · 12 s');
  });

  it('deletes the selected shot and selects its neighbour', async () => {
    const { client, user } = await openWith(['One', 'Two', 'Three']);
    const two = client.shots[1]!;
    await user.click(screen.getAllByTestId('shot-card')[1]!);
    await user.click(screen.getByTestId('delete-shot'));
    expect(client.commandsOf('shots.delete')).toEqual([{ kind: 'shots.delete', ids: [two.id] }]);
    await waitFor(() => expect(cardTitles()).toEqual(['One', 'Three']));
    expect(screen.getByTestId('shot-title')).toHaveProperty('value', 'Three');
  });

  it('moves with the buttons: right puts it after its neighbour, left to the front sends afterId null', async () => {
    const { client, user } = await openWith(['One', 'Two', 'Three']);
    const [one, two, three] = client.shots as [typeof client.shots[0], typeof client.shots[0], typeof client.shots[0]];
    await user.click(screen.getAllByTestId('shot-card')[0]!);
    await user.click(screen.getByTestId('move-right'));
    expect(client.commandsOf('shots.move')).toEqual([{ kind: 'shots.move', ids: [one!.id], afterId: two!.id }]);
    await waitFor(() => expect(cardTitles()).toEqual(['Two', 'One', 'Three']));

    await user.click(screen.getAllByTestId('shot-card')[2]!);
    await user.click(screen.getByTestId('move-left'));
    await user.click(screen.getByTestId('move-left'));
    await waitFor(() => expect(cardTitles()).toEqual(['Three', 'Two', 'One']));
    expect(client.commandsOf('shots.move').at(-1)).toEqual({ kind: 'shots.move', ids: [three!.id], afterId: null });
    expect(screen.getByTestId('move-left')).toHaveProperty('disabled', true);
  });

  it('moves with Alt+Arrow on a focused card', async () => {
    const { client, user } = await openWith(['One', 'Two']);
    const cards = screen.getAllByTestId('shot-card');
    cards[1]!.focus();
    await user.keyboard('{Alt>}{ArrowLeft}{/Alt}');
    expect(client.commandsOf('shots.move')).toEqual([{ kind: 'shots.move', ids: [client.shots[1]!.id], afterId: null }]);
    await waitFor(() => expect(cardTitles()).toEqual(['Two', 'One']));
  });
});

describe('errors', () => {
  it('shows the message of a failing call and keeps the screen usable', async () => {
    const { client, user } = await openWith(['One']);
    client.failNext('edits.apply', { code: 'no_project', message: 'No project is open. Open or create one first.' });
    await user.click(screen.getByTestId('add-shot'));
    const notice = await screen.findByTestId('notice');
    expect(notice.textContent).toContain('No project is open. Open or create one first.');
    expect(notice.getAttribute('data-code')).toBe('no_project');
    expect(cardTitles()).toEqual(['One']);

    await user.click(within(notice).getByRole('button', { name: 'Dismiss message' }));
    expect(screen.queryByTestId('notice')).toBeNull();
    await user.click(screen.getByTestId('add-shot'));
    await waitFor(() => expect(cardTitles()).toEqual(['One', 'Untitled']));
  });

  it('shows a failed save and keeps the typed text', async () => {
    const { client, user } = await openWith(['One']);
    client.failNext('edits.apply', { code: 'invalid_input', message: 'patch.title: too long. Shorten it.' });
    const input = screen.getByTestId('shot-title');
    await user.type(input, 'X');
    await user.tab();
    expect((await screen.findByTestId('notice')).textContent).toContain('patch.title: too long. Shorten it.');
    expect(input).toHaveProperty('value', 'OneX');
    expect(cardTitles()).toEqual(['One']);
  });
});
