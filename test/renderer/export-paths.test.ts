import { describe, expect, it } from 'vitest';
import { writtenFor } from '../../renderer/state/export-paths';

describe('matching an export event to the export the dialog asked for', () => {
  it('is the same file for a one-file format', () => {
    expect(writtenFor('/films/cut.mp4', '/films/cut.mp4')).toBe(true);
    expect(writtenFor('/films/cut.mp4', '/films/other.mp4')).toBe(false);
  });

  it("is the hand-off folder's file for an editor format, on either kind of separator", () => {
    expect(writtenFor('/films/cut.fcpxml', '/films/cut/cut.fcpxml')).toBe(true);
    expect(writtenFor('C:\\films\\cut.otio', 'C:\\films\\cut\\cut.otio')).toBe(true);
    expect(writtenFor('/films/cut.fcpxml', '/films/cutaway/cutaway.fcpxml')).toBe(false);
    expect(writtenFor('/films/cut', '/films/cut/cut')).toBe(false);
  });
});
