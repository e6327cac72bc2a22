/** Handlers for stills: storyboard frames, reference sheets, and a still as the first frame. */
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

type StillCalls = 'generation.estimateStill' | 'generation.still' | 'elements.generateSheet' | 'takes.useAsFirstFrame';

export function stillHandlers(app: AppServices): Pick<Handlers, StillCalls> {
  const stills = () => app.workspace.require().stills;
  return {
    'generation.estimateStill': (input) => stills().estimate(input),
    'generation.still': (input) => stills().still(input),
    'elements.generateSheet': (input) => stills().sheet(input),
    'takes.useAsFirstFrame': ({ takeId }) => stills().useAsFirstFrame(takeId),
  };
}
