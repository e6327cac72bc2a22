/**
 * The element library: create (a taken name shows main's reason), the shots that mention an
 * element, a real person's consent record sent through elements.update, delete.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

describe('element library', () => {
  it('creates elements, shows where they are mentioned, records consent and deletes', async () => {
    const client = new FakeClient().withProject(['One', 'Two', 'Three']);
    client.shots[0]!.prompt = '@Mara at the window';
    client.shots[2]!.dialogue = 'Mara: @Mara? Is that you?';
    const { user } = renderApp(client);
    await screen.findByTestId('library');

    await user.click(screen.getByTestId('element-new'));
    await user.type(screen.getByTestId('element-new-name'), 'Mara');
    await user.click(screen.getByTestId('element-new-submit'));
    await waitFor(() => expect(client.elements.map((e) => e.name)).toEqual(['Mara']));
    const row = () => screen.getAllByTestId('element-row').find((r) => r.getAttribute('data-element-name') === 'Mara')!;
    expect(within(row()).getByTestId('element-usage').textContent).toBe('shots 1, 3');

    // The same name again: main's reason, on the spot; nothing added.
    await user.click(screen.getByTestId('element-new'));
    await user.type(screen.getByTestId('element-new-name'), 'Mara');
    await user.click(screen.getByTestId('element-new-submit'));
    expect((await screen.findByTestId('element-new-error')).textContent).toContain('already exists');
    expect(client.elements).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    // A real person: consent is recorded as main's ConsentRecord.
    await user.click(within(row()).getAllByRole('button')[0]!);
    await user.click(await screen.findByTestId('element-real-person'));
    await waitFor(() => expect(client.elements[0]!.realPerson).toBe(true));
    const save = await screen.findByTestId('consent-save');
    expect((save as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByTestId('consent-by'), 'Ana Ruiz');
    await user.clear(screen.getByTestId('consent-date'));
    await user.type(screen.getByTestId('consent-date'), '2026-11-20');
    await user.type(screen.getByTestId('consent-scope'), 'Previs for the Lighthouse spot');
    await user.click(save);
    await waitFor(() =>
      expect(client.elements[0]!.consent).toEqual({ consentedBy: 'Ana Ruiz', date: '2026-11-20', scope: 'Previs for the Lighthouse spot' }),
    );
    expect(within(row()).getByText('consent')).toBeTruthy();

    await user.click(screen.getByTestId('element-delete'));
    await waitFor(() => expect(client.elements).toEqual([]));
    expect(screen.queryAllByTestId('element-row')).toHaveLength(0);
  });
});
