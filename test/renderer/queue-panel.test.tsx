/**
 * Queue panel: job events show progress, elapsed time and the provider's refusal message;
 * cancel and retry call the right contract calls; a progress event replaces one job entry and
 * leaves the list order and the per-shot index untouched (what narrow subscriptions rely on).
 * A shot continuing the previous one waits in main (a 'waiting' job with main's reason); the
 * page shows it and never restarts it; a shot main could not queue is a notice.
 */
import { Profiler } from 'react';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { QueuePanel } from '../../renderer/features/queue/QueuePanel';
import { QueueRow } from '../../renderer/features/queue/QueueRow';
import { ProductionDialogs } from '../../renderer/features/settings/ProductionBar';
import { createAppStore } from '../../renderer/state/app-store';
import { connectEvents } from '../../renderer/state/event-bridge';
import { StoreProvider } from '../../renderer/state/store-context';
import { makeTake } from './fake-client';
import { ProductionFakeClient } from './production-fake-client';
import { renderApp } from './render-app';

async function setup() {
  const client = new ProductionFakeClient().withProject(['Harbour', 'Door']);
  const store = createAppStore(client);
  connectEvents(client, store);
  await act(() => store.getState().loadCurrent());
  render(
    <StoreProvider store={store}>
      <QueuePanel />
      <ProductionDialogs />
    </StoreProvider>,
  );
  await act(async () => {});
  return { client, store, user: userEvent.setup() };
}

describe('queue panel', () => {
  it('lists jobs from jobs.list and follows job.updated events with progress and elapsed time', async () => {
    const client0 = new ProductionFakeClient().withProject(['Harbour', 'Door']);
    const existing = client0.makeJob(client0.shots[0]!.id, { status: 'done', progress: 1 });
    client0.jobs = [existing];
    const store = createAppStore(client0);
    connectEvents(client0, store);
    await act(() => store.getState().loadCurrent());
    render(
      <StoreProvider store={store}>
        <QueuePanel />
      </StoreProvider>,
    );
    expect(await screen.findByTestId('queue-row')).toBeTruthy();
    expect(screen.getByTestId('queue-status').textContent).toBe('Ready');

    const job = client0.makeJob(client0.shots[1]!.id, { status: 'running', progress: 0.1, createdAt: new Date(Date.now() - 65_000).toISOString() });
    act(() => client0.emit('job.updated', job));
    act(() => client0.emit('job.updated', { ...job, progress: 0.42 }));
    const row = screen.getAllByTestId('queue-row').find((r) => r.dataset.jobId === job.id)!;
    expect((within(row).getByTestId('queue-progress') as HTMLProgressElement).value).toBe(42);
    expect(within(row).getByTestId('queue-status').textContent).toBe('Rendering 42%');
    expect(within(row).getByTestId('queue-elapsed').textContent).toMatch(/^1:0[5-6]$/);
    expect(within(row).getByText('2. Door')).toBeTruthy();
    // Newest first.
    expect(screen.getAllByTestId('queue-row').map((r) => r.dataset.jobId)).toEqual([job.id, existing.id]);
  });

  it('shows a job whose outcome is unknown with its reason, and resends it only on the user\'s click', async () => {
    const { client, user } = await setup();
    const job = client.makeJob(client.shots[0]!.id, {
      provider: 'fakevid',
      model: 'fake-1',
      status: 'unknown',
      message: 'fakevid did not answer the request clearly (500). The service may have made (and billed) the clip.',
    });
    act(() => client.emit('job.updated', job));
    const row = screen.getByTestId('queue-row');
    expect(within(row).getByTestId('queue-status').textContent).toBe('Outcome unknown');
    expect(within(row).getByTestId('queue-message').textContent).toMatch(/may have made \(and billed\)/);
    expect(client.calls.some((c) => c.name === 'jobs.resend')).toBe(false);
    await user.click(within(row).getByTestId('queue-resend'));
    expect(client.calls.filter((c) => c.name === 'jobs.resend').map((c) => c.input)).toEqual([{ jobId: job.id }]);
    expect(screen.getByTestId('queue-row').dataset.status).toBe('queued');
    expect(screen.queryByTestId('queue-resend')).toBeNull();
  });

  it("shows the provider's refusal message and retries through an estimate (paid: asks first)", async () => {
    const { client, store, user } = await setup();
    const shot = client.shots[0]!;
    const job = client.makeJob(shot.id, { provider: 'openai', model: 'sora-2', status: 'running', progress: 0.3 });
    act(() => client.emit('job.updated', job));
    act(() =>
      client.emit('job.updated', { ...job, status: 'refused', message: 'Your request was rejected by the safety system: depicts a real person.' }),
    );
    const row = screen.getByTestId('queue-row');
    expect(row.dataset.status).toBe('refused');
    expect(within(row).getByTestId('queue-message').textContent).toBe(
      'The provider refused: Your request was rejected by the safety system: depicts a real person.',
    );
    expect(within(row).queryByTestId('queue-cancel')).toBeNull();

    await user.click(within(row).getByTestId('queue-retry'));
    expect(client.callsOf('generation.estimate')).toEqual([{ shotIds: [shot.id], provider: 'openai', model: 'sora-2' }]);
    // openai is paid in the fake: the confirmation comes first, nothing started yet.
    expect(await screen.findByTestId('cost-confirm')).toBeTruthy();
    expect(client.callsOf('generation.start')).toHaveLength(0);
    await user.click(screen.getByTestId('cost-confirm-button'));
    const starts = client.callsOf('generation.start') as Array<Record<string, unknown>>;
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({ shotIds: [shot.id], provider: 'openai', model: 'sora-2', newTake: true });
    expect(store.getState().jobOrder).toHaveLength(2);
  });

  it('cancels a running job with jobs.cancel and shows it cancelled', async () => {
    const { client, user } = await setup();
    const job = client.makeJob(client.shots[1]!.id, { status: 'running', progress: 0.5 });
    client.jobs = [job];
    act(() => client.emit('job.updated', job));
    await user.click(screen.getByTestId('queue-cancel'));
    expect(client.callsOf('jobs.cancel')).toEqual([{ jobId: job.id }]);
    expect(screen.getByTestId('queue-row').dataset.status).toBe('cancelled');
    expect(screen.getByTestId('queue-retry')).toBeTruthy();
  });

  it('a progress event replaces only that job: list order and shot index stay the same objects', async () => {
    const { client, store } = await setup();
    const a = client.makeJob(client.shots[0]!.id, { status: 'running' });
    const b = client.makeJob(client.shots[1]!.id, { status: 'running' });
    act(() => {
      client.emit('job.updated', a);
      client.emit('job.updated', b);
    });
    const before = store.getState();
    act(() => client.emit('job.updated', { ...a, progress: 0.7 }));
    const after = store.getState();
    expect(after.jobOrder).toBe(before.jobOrder);
    expect(after.jobIdByShot).toBe(before.jobIdByShot);
    expect(after.jobs[b.id]).toBe(before.jobs[b.id]);
    expect(after.jobs[a.id]!.progress).toBe(0.7);
    expect(after.shots).toBe(before.shots);
  });

  it('a burst of progress for one job re-renders that row only', async () => {
    const client = new ProductionFakeClient().withProject(['Harbour', 'Door']);
    const store = createAppStore(client);
    connectEvents(client, store);
    await act(() => store.getState().loadCurrent());
    const a = client.makeJob(client.shots[0]!.id, { status: 'running' });
    const b = client.makeJob(client.shots[1]!.id, { status: 'running' });
    act(() => {
      client.emit('job.updated', a);
      client.emit('job.updated', b);
    });
    const renders = { a: 0, b: 0 };
    render(
      <StoreProvider store={store}>
        <Profiler id="a" onRender={() => renders.a++}>
          <QueueRow jobId={a.id} />
        </Profiler>
        <Profiler id="b" onRender={() => renders.b++}>
          <QueueRow jobId={b.id} />
        </Profiler>
      </StoreProvider>,
    );
    const before = { ...renders };
    for (let i = 1; i <= 20; i++) act(() => client.emit('job.updated', { ...a, progress: i / 20 }));
    expect(renders.a - before.a).toBe(20);
    expect(renders.b - before.b).toBe(0);
  });
});

describe('shots that continue the previous one', () => {
  it("show main's waiting job on the card and in the queue, and the page never starts them itself", async () => {
    const client = new ProductionFakeClient().withProject(['Harbour', 'Door', 'Lamp']);
    client.shots[2]!.continuePrevious = true;
    const { user } = renderApp(client);
    await screen.findByTestId('shot-editor');
    await user.click(screen.getByTestId('generate-missing'));
    const waitingRow = await screen.findByText('Shot 3 continues shot 2: it starts when shot 2\'s take is ready.');
    const row = waitingRow.closest('[data-testid="queue-row"]') as HTMLElement;
    expect(row.dataset.status).toBe('waiting');
    expect(within(row).getByTestId('queue-status').textContent).toBe('Waiting');
    // Waiting is not finished: it can be cancelled, not retried.
    expect(within(row).getByTestId('queue-cancel')).toBeTruthy();
    const card = screen.getAllByTestId('shot-card')[2]!;
    expect(within(card).getByTestId('shot-card-status').textContent).toBe("Waiting for shot 2's take");
    expect(within(card).getByTestId('shot-card-status').getAttribute('title')).toBe("Shot 3 continues shot 2: it starts when shot 2's take is ready.");
    expect(screen.getByTestId('queue-summary').textContent).toBe('2 running, 1 waiting');

    // Shot 2's take arrives: main starts shot 3, so the page asks for nothing but a refresh.
    const starts = client.callsOf('generation.start').length;
    const take = makeTake(client.shots[1]!.id);
    client.takes.push(take);
    client.shots[1]!.selectedTakeId = take.id;
    await act(async () => client.emit('take.created', take));
    expect(client.callsOf('generation.start')).toHaveLength(starts);
    const waiting = client.jobs.find((j) => j.status === 'waiting')!;
    act(() => client.emit('job.updated', { ...waiting, status: 'running', progress: 0.25, message: '' }));
    expect(within(screen.getAllByTestId('shot-card')[2]!).getByTestId('shot-card-status').textContent).toBe('Rendering 25%');
    expect(row.dataset.status).toBe('running');
  });

  it("says why a continued shot could not be queued at all, in main's words", async () => {
    const client = new ProductionFakeClient().withProject(['Harbour', 'Door']);
    client.shots[1]!.continuePrevious = true;
    const { user } = renderApp(client);
    await screen.findByTestId('shot-editor');
    await user.click(screen.getAllByTestId('shot-card')[1]!);
    await user.click(screen.getByTestId('generate-shot'));
    const notice = await screen.findByTestId('notice');
    expect(notice.textContent).toContain('Not queued: Shot 2 continues shot 1, which has no take and none is being made. Generate shot 1 first.');
    expect(screen.queryAllByTestId('queue-row')).toHaveLength(0);
  });
});
