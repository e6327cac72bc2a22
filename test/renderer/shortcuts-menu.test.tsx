/**
 * Keyboard shortcuts and the card menu: N adds, D duplicates, Delete deletes, arrows move the
 * selection, typing in a field keeps its letters; right-click on a card offers duplicate, move
 * and delete, each one edit command.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

async function open(titles: string[]) {
  const client = new FakeClient().withProject(titles);
  const result = renderApp(client);
  await screen.findByTestId('shot-editor');
  return result;
}
const selectedNumber = () => screen.getByTestId('shot-editor').querySelector('h2')!.textContent;

describe('keyboard shortcuts', () => {
  it('N, D, arrows and Delete act on the selected shot; letters typed in a field stay there', async () => {
    const { client, user } = await open(['One', 'Two']);
    await user.keyboard('{ArrowRight}');
    expect(selectedNumber()).toBe('Shot 2');
    await user.keyboard('{ArrowLeft}');
    expect(selectedNumber()).toBe('Shot 1');

    await user.keyboard('d');
    await waitFor(() => expect(client.commandsOf('shots.duplicate')).toEqual([{ kind: 'shots.duplicate', ids: [client.shots[0]!.id] }]));
    await waitFor(() => expect(selectedNumber()).toBe('Shot 2'));
    expect(screen.getAllByTestId('shot-card-title').map((t) => t.textContent)).toEqual(['One', 'One', 'Two']);

    await user.keyboard('n');
    await waitFor(() => expect(screen.getAllByTestId('shot-card')).toHaveLength(4));
    expect(client.commandsOf('shots.add').at(-1)).toEqual({ kind: 'shots.add', afterId: client.snapshot()!.shots[1]!.id });

    await user.keyboard('{Delete}');
    await waitFor(() => expect(screen.getAllByTestId('shot-card')).toHaveLength(3));

    const title = screen.getByTestId('shot-title');
    await user.click(title);
    await user.keyboard('nd');
    expect(screen.getAllByTestId('shot-card')).toHaveLength(3);
    expect((title as HTMLInputElement).value.endsWith('nd')).toBe(true);
  });
});

describe('card menu', () => {
  it('opens on right-click and runs duplicate, move and delete through the contract', async () => {
    const { client, user } = await open(['One', 'Two', 'Three']);
    const cards = () => screen.getAllByTestId('shot-card');
    fireEvent.contextMenu(cards()[2]!, { clientX: 300, clientY: 200 });
    expect(selectedNumber()).toBe('Shot 3');
    expect((screen.getByTestId('menu-move-right') as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByTestId('menu-move-start'));
    await waitFor(() => expect(client.snapshot()!.shots.map((s) => s.title)).toEqual(['Three', 'One', 'Two']));
    expect(screen.queryByTestId('card-menu')).toBeNull();

    fireEvent.contextMenu(cards()[0]!, { clientX: 300, clientY: 200 });
    await user.click(screen.getByTestId('menu-delete'));
    await waitFor(() => expect(client.snapshot()!.shots.map((s) => s.title)).toEqual(['One', 'Two']));

    fireEvent.contextMenu(cards()[1]!, { clientX: 300, clientY: 200 });
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('card-menu')).toBeNull();
  });
});
