/** Contract calls for Fountain screenplays: preview what an import changes, then apply it. */
import { z } from 'zod';
import { call } from './define';
import { FileName } from './limits';
import type { EditCommand } from './edits';
import type { ProjectSnapshot } from './projects';
import { FOUNTAIN_SPLITS, type FountainSplit } from '../fountain/script-to-draft';
import { MAX_FOUNTAIN_BYTES } from '../fountain/parse-fountain';
import type { ReimportCounts } from '../fountain/reimport-plan';

/** How many shots the action becomes: one per paragraph (default), per line, or per scene. */
export const FountainSplitInput = z.enum(FOUNTAIN_SPLITS as [FountainSplit, ...FountainSplit[]]);

/** A script as text (the page reads a dropped file itself), with the split mode. */
const ScriptInput = z.strictObject({
  /** The whole `.fountain` file as text. */
  text: z.string().max(MAX_FOUNTAIN_BYTES, `a screenplay is plain text under ${MAX_FOUNTAIN_BYTES / 1024 / 1024} MB`),
  split: FountainSplitInput.default('paragraph'),
  /** The file's name, for messages. */
  fileName: FileName.optional(),
});

/** What importing a script would change in the open project. */
export interface FountainPreview {
  /** The title page's Title, or null. */
  title: string | null;
  /** True when the project has no shots yet (a first import, nothing to match). */
  fresh: boolean;
  /** Scenes and shots the script makes. */
  scenes: number;
  shots: number;
  /** Character element names the script's speakers get. */
  characters: string[];
  counts: ReimportCounts;
  /** The changes, one a line (`+ Scene 4 ...`, `~ shot 2A: prompt changed`). */
  lines: string[];
  /** What was read but had nowhere to go. */
  warnings: string[];
}

/** The import done: the project as it is now and the one command that undoes all of it. */
export interface FountainApplyResult {
  preview: FountainPreview;
  snapshot: ProjectSnapshot;
  /** The commands as applied (with the ids they made), for the history's redo slot. */
  applied: EditCommand;
  inverse: EditCommand;
}

export const fountainCalls = {
  'fountain.preview': call<FountainPreview>()(ScriptInput, 'Reads a Fountain script and says what importing it into the open project would change; changes nothing.'),
  'fountain.apply': call<FountainApplyResult>()(
    ScriptInput,
    'Imports (or re-imports) a Fountain script into the open project as one undoable edit; shots with takes are never deleted.',
  ),
} as const;
