/**
 * Several selected shots: Ctrl/Cmd+click toggles, Shift+click selects a range, Escape keeps the
 * primary; selected cards are marked and the inspector shows the last clicked. Delete and
 * duplicate act on the whole selection as one undo step; "Generate N selected" (bar and card
 * menu) asks once with every selected shot in the cost confirmation.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { gridColumns } from '../../renderer/timeline/timeline-layout';
import type { FakeClient } from './fake-client';
import { ProductionFakeClient } from './production-fake-client';
import { renderApp } from './render-app';

async function open(titles: string[], configure?: (c: ProductionFakeClient) => void) {
  const client = new ProductionFakeClient().withProject(titles);
  configure?.(client);
  const result = renderApp(client);
  await screen.findByTestId('shot-editor');
  return result;
}
const cards = () => screen.getAllByTestId('shot-card');
const marked = () => cards().filter((c) => c.dataset.selected === 'true').map((c) => within(c).getByTestId('shot-card-title').textContent);
const inspected = () => screen.getByTestId('shot-editor').querySelector('h2')!.textContent;
const titles = (client: FakeClient) => client.snapshot()!.shots.map((s) => s.title);

describe('multi-selection', () => {
  it('Ctrl+click toggles, Shift+click selects a range from the anchor, Escape keeps the primary', async () => {
    const { user } = await open(['A', 'B', 'C', 'D', 'E']);
    await user.click(cards()[0]!);
    fireEvent.click(cards()[2]!, { ctrlKey: true });
    expect(marked()).toEqual(['A', 'C']);
    expect(inspected()).toBe('Shot 3');
    expect(screen.getByTestId('selection-count').textContent).toBe('2 selected');
    expect(cards()[0]!.className).toContain('in-selection');
    expect(cards()[1]!.className).not.toContain('in-selection');

    fireEvent.click(cards()[4]!, { shiftKey: true });
    expect(marked()).toEqual(['C', 'D', 'E']);
    expect(inspected()).toBe('Shot 5');
    // Cmd (metaKey) toggles too: D goes out, the primary stays.
    fireEvent.click(cards()[3]!, { metaKey: true });
    expect(marked()).toEqual(['C', 'E']);
    expect(inspected()).toBe('Shot 5');
    // Taking the primary out hands the inspector to the last one still selected.
    fireEvent.click(cards()[4]!, { ctrlKey: true });
    expect(marked()).toEqual(['C']);
    expect(inspected()).toBe('Shot 3');

    fireEvent.click(cards()[0]!, { ctrlKey: true });
    await user.keyboard('{Escape}');
    expect(marked()).toEqual(['A']);
    expect(screen.queryByTestId('selection-count')).toBeNull();
    // A plain click selects one shot alone.
    fireEvent.click(cards()[1]!, { ctrlKey: true });
    await user.click(cards()[3]!);
    expect(marked()).toEqual(['D']);
  });

  it('Delete removes every selected shot as one undo step; duplicate copies them as one step', async () => {
    const { client, user } = await open(['A', 'B', 'C', 'D']);
    const [a, , c, d] = client.snapshot()!.shots;
    await user.click(cards()[0]!);
    fireEvent.click(cards()[2]!, { ctrlKey: true });
    fireEvent.click(cards()[3]!, { ctrlKey: true });
    await user.keyboard('{Delete}');
    await waitFor(() => expect(titles(client)).toEqual(['B']));
    // One command for the three, in sequence order.
    expect(client.commandsOf('shots.delete')).toEqual([{ kind: 'shots.delete', ids: [a!.id, c!.id, d!.id] }]);

    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(titles(client)).toEqual(['A', 'B', 'C', 'D']));
    expect(marked()).toEqual(['A', 'C', 'D']);
    await user.keyboard('{Control>}y{/Control}');
    await waitFor(() => expect(titles(client)).toEqual(['B']));
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(titles(client)).toEqual(['A', 'B', 'C', 'D']));

    // A..B selected by range, then D duplicates both; the copies become the selection.
    await user.click(cards()[0]!);
    fireEvent.click(cards()[1]!, { shiftKey: true });
    await user.keyboard('d');
    await waitFor(() => expect(titles(client)).toEqual(['A', 'A', 'B', 'B', 'C', 'D']));
    expect(marked()).toEqual(['A', 'B']);
    expect(marked()).toHaveLength(2);
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(titles(client)).toEqual(['A', 'B', 'C', 'D']));
  });

  it('"Generate N selected" in the bar and the card menu confirms every selected shot once', async () => {
    const { client, user } = await open(['A', 'B', 'C'], (c) => {
      c.pricePerSecond.openai = 0.1;
      c.shots.forEach((s) => Object.assign(s, { provider: 'openai', model: 'sora-2', seconds: 4 }));
    });
    await user.click(cards()[0]!);
    fireEvent.click(cards()[2]!, { shiftKey: true });
    fireEvent.click(cards()[1]!, { ctrlKey: true });
    const button = screen.getByTestId('generate-selected');
    expect(button.textContent).toBe('Generate 2 selected');
    await user.click(button);
    const dialog = await screen.findByTestId('cost-confirm');
    expect(within(dialog).getAllByTestId('cost-line').map((l) => l.dataset.shotId)).toEqual([client.shots[0]!.id, client.shots[2]!.id]);
    expect(within(dialog).getByTestId('cost-total').textContent).toBe('$0.80');
    await user.click(within(dialog).getByTestId('cost-cancel'));
    expect(client.callsOf('generation.start')).toHaveLength(0);

    // The card menu opened on a selected card keeps the selection and names it.
    fireEvent.contextMenu(cards()[2]!, { clientX: 200, clientY: 200 });
    expect(marked()).toEqual(['A', 'C']);
    const item = screen.getByTestId('menu-generate');
    expect(item.textContent).toContain('Generate 2 selected');
    await user.click(item);
    await user.click(await screen.findByTestId('cost-confirm-button'));
    await waitFor(() => expect(client.callsOf('generation.start')).toHaveLength(1));
    expect((client.callsOf('generation.start')[0] as { shotIds: string[] }).shotIds).toEqual([client.shots[0]!.id, client.shots[2]!.id]);
  });
});

describe('grid view arrows', () => {
  it('Up/Down move a whole row in the grid, one shot in the timeline; Left/Right one shot', async () => {
    const names = Array.from({ length: 14 }, (_, i) => `S${i + 1}`);
    const { user } = await open(names);
    // jsdom has no layout: the timeline measures its fallback width of 1280 px.
    const columns = gridColumns(1280);
    expect(columns).toBeGreaterThan(1);
    await user.click(cards()[0]!);
    await user.click(screen.getByTestId('view-grid'));
    await user.keyboard('{ArrowDown}');
    expect(inspected()).toBe(`Shot ${1 + columns}`);
    await user.keyboard('{ArrowRight}');
    expect(inspected()).toBe(`Shot ${2 + columns}`);
    await user.keyboard('{ArrowUp}');
    expect(inspected()).toBe('Shot 2');
    await user.keyboard('{ArrowUp}');
    expect(inspected()).toBe('Shot 1');
    await user.click(screen.getByTestId('view-timeline'));
    await user.keyboard('{ArrowDown}');
    expect(inspected()).toBe('Shot 2');
  });
});
