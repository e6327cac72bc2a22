/**
 * The audio_clips table: the clips on the voice-over, music and temp lanes. The only code that
 * holds their SQL. Every write checks the clip's times against its file (an in point before
 * its out point, an out point inside the file, fades that fit), so a row never holds a clip
 * that cannot be played or mixed.
 */
import type { AudioClip, AudioPlacement, AudioTrack } from '../../shared/domain';
import { UserError, invalid } from '../errors';
import type { Db } from './open-database';

interface AudioClipRow {
  id: string;
  track: AudioTrack;
  file: string;
  name: string;
  start_seconds: number | null;
  shot_id: string | null;
  offset_seconds: number;
  in_seconds: number;
  out_seconds: number;
  gain_db: number;
  fade_in_seconds: number;
  fade_out_seconds: number;
  temp: number;
  duration_seconds: number;
  created_at: string;
}

/** What an update may change (the file, its length and the clip's identity stay). */
export type AudioClipChanges = Partial<Pick<AudioClip, 'track' | 'name' | 'placement' | 'inSeconds' | 'outSeconds' | 'gainDb' | 'fadeInSeconds' | 'fadeOutSeconds'>>;

function fromRow(row: AudioClipRow): AudioClip {
  const placement: AudioPlacement =
    row.shot_id !== null ? { kind: 'shot', shotId: row.shot_id, offsetSeconds: row.offset_seconds } : { kind: 'sequence', startSeconds: row.start_seconds ?? 0 };
  return {
    id: row.id,
    track: row.track,
    file: row.file,
    name: row.name,
    placement,
    inSeconds: row.in_seconds,
    outSeconds: row.out_seconds,
    gainDb: row.gain_db,
    fadeInSeconds: row.fade_in_seconds,
    fadeOutSeconds: row.fade_out_seconds,
    temp: row.temp === 1,
    durationSeconds: row.duration_seconds,
    createdAt: row.created_at,
  };
}

function toRow(clip: AudioClip): AudioClipRow {
  return {
    id: clip.id,
    track: clip.track,
    file: clip.file,
    name: clip.name,
    start_seconds: clip.placement.kind === 'sequence' ? clip.placement.startSeconds : null,
    shot_id: clip.placement.kind === 'shot' ? clip.placement.shotId : null,
    offset_seconds: clip.placement.kind === 'shot' ? clip.placement.offsetSeconds : 0,
    in_seconds: clip.inSeconds,
    out_seconds: clip.outSeconds,
    gain_db: clip.gainDb,
    fade_in_seconds: clip.fadeInSeconds,
    fade_out_seconds: clip.fadeOutSeconds,
    temp: clip.temp ? 1 : 0,
    duration_seconds: clip.durationSeconds,
    created_at: clip.createdAt,
  };
}

/** Refuses a clip whose times do not fit its file, in words that say what to change. */
function checkTimes(clip: AudioClip): void {
  // A few milliseconds of slack: durations come from probing, in points from a drag.
  const slack = 0.005;
  if (clip.inSeconds < 0 || clip.inSeconds >= clip.outSeconds) {
    throw invalid(`"${clip.name}": the in point (${clip.inSeconds.toFixed(2)} s) must come before the out point (${clip.outSeconds.toFixed(2)} s).`);
  }
  if (clip.outSeconds > clip.durationSeconds + slack) {
    throw invalid(`"${clip.name}": the out point (${clip.outSeconds.toFixed(2)} s) is past the end of the file (${clip.durationSeconds.toFixed(2)} s).`);
  }
  const length = clip.outSeconds - clip.inSeconds;
  if (clip.fadeInSeconds < 0 || clip.fadeOutSeconds < 0 || clip.fadeInSeconds + clip.fadeOutSeconds > length + slack) {
    throw invalid(`"${clip.name}": the fades (${clip.fadeInSeconds} s in, ${clip.fadeOutSeconds} s out) are longer than the clip (${length.toFixed(2)} s). Shorten them.`);
  }
  if (clip.placement.kind === 'sequence' && clip.placement.startSeconds < 0) throw invalid(`"${clip.name}": a clip cannot start before the sequence (0 s).`);
}

const COLUMNS = `id, track, file, name, start_seconds, shot_id, offset_seconds, in_seconds, out_seconds, gain_db,
  fade_in_seconds, fade_out_seconds, temp, duration_seconds, created_at`;
const VALUES = COLUMNS.split(',').map((c) => `@${c.trim()}`).join(', ');

export class AudioRepository {
  constructor(private readonly db: Db) {}

  /** Every clip, oldest first. */
  list(): AudioClip[] {
    return (this.db.prepare('SELECT * FROM audio_clips ORDER BY created_at, rowid').all() as AudioClipRow[]).map(fromRow);
  }

  find(id: string): AudioClip | null {
    const row = this.db.prepare('SELECT * FROM audio_clips WHERE id = ?').get(id) as AudioClipRow | undefined;
    return row ? fromRow(row) : null;
  }

  get(id: string): AudioClip {
    const clip = this.find(id);
    if (!clip) throw new UserError('not_found', `Audio clip ${id} is not in this project any more. Reload the project.`);
    return clip;
  }

  insert(clip: AudioClip): AudioClip {
    checkTimes(clip);
    this.db.prepare(`INSERT INTO audio_clips (${COLUMNS}) VALUES (${VALUES})`).run(toRow(clip));
    return this.get(clip.id);
  }

  update(id: string, changes: AudioClipChanges): AudioClip {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as AudioClipChanges;
    const next: AudioClip = { ...this.get(id), ...defined };
    checkTimes(next);
    const row = toRow(next);
    this.db
      .prepare(
        `UPDATE audio_clips SET track = @track, name = @name, start_seconds = @start_seconds, shot_id = @shot_id,
           offset_seconds = @offset_seconds, in_seconds = @in_seconds, out_seconds = @out_seconds, gain_db = @gain_db,
           fade_in_seconds = @fade_in_seconds, fade_out_seconds = @fade_out_seconds WHERE id = @id`,
      )
      .run(row);
    return this.get(id);
  }

  /** Puts a whole record back (undo): replaced when it exists, re-created when it was deleted. */
  restore(clip: AudioClip): AudioClip {
    checkTimes(clip);
    this.db.prepare('DELETE FROM audio_clips WHERE id = ?').run(clip.id);
    return this.insert(clip);
  }

  /** Removes the row; the file stays (an undo brings the clip back). */
  delete(id: string): void {
    this.get(id);
    this.db.prepare('DELETE FROM audio_clips WHERE id = ?').run(id);
  }

  /** Clips attached to a shot. */
  ofShot(shotId: string): AudioClip[] {
    return (this.db.prepare('SELECT * FROM audio_clips WHERE shot_id = ? ORDER BY created_at, rowid').all(shotId) as AudioClipRow[]).map(fromRow);
  }
}
