/** The shot-list cells and CSV records the printed formats share, from one PrintShot. */
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, costText, csvRecord, descriptionText, sceneText, shotListCells, type PrintShot } from '../../shared/print/print-shots';

const shot: PrintShot = {
  label: '4A',
  title: 'Café',
  scene: { number: '4', heading: 'INT. CAFÉ - DAY', color: null },
  sceneStarts: true,
  action: 'Mara   sits,\nwaiting.',
  dialogue: 'Mara: Un café, s’il vous plaît.',
  shotType: 'medium',
  cameraMove: 'static',
  seconds: 2.5,
  timecodeIn: '00:00:10:12',
  provider: 'openai',
  model: 'sora-2',
  status: 'Ready',
  cost: { usd: 1.2, billedUsd: 0.8, estimatedUsd: 0.4 },
  notes: 'Rain machine.',
  pictures: [],
};

describe('printed shot rows', () => {
  it('writes each shot-list cell', () => {
    expect(shotListCells(shot)).toEqual({
      number: '4A',
      scene: '4 INT. CAFÉ - DAY',
      description: 'Café: Mara sits, waiting.',
      shotType: 'medium',
      camera: 'static',
      duration: '2.5 s',
      model: 'sora-2',
      status: 'Ready',
      cost: '$1.20 est.',
    });
  });

  it('says what cost is billed, estimated or nothing, and names a scene without a heading', () => {
    expect(costText({ usd: 1.2, billedUsd: 1.2, estimatedUsd: 0 })).toBe('$1.20');
    expect(costText({ usd: 0, billedUsd: 0, estimatedUsd: 0 })).toBe('-');
    expect(sceneText({ number: '7', heading: '  ', color: null })).toBe('Scene 7');
    expect(sceneText(null)).toBe('');
    expect(descriptionText({ title: '', action: 'Only action' })).toBe('Only action');
    expect(descriptionText({ title: 'Only title', action: '' })).toBe('Only title');
  });

  it('fills every CSV column, numbers as plain decimals', () => {
    const record = csvRecord(shot);
    expect(record).toHaveLength(CSV_COLUMNS.length);
    const byColumn = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, record[i]]));
    expect(byColumn).toMatchObject({ Shot: '4A', Scene: '4', 'Scene heading': 'INT. CAFÉ - DAY', 'Duration (s)': '2.5', 'Cost (USD)': '1.20', 'Billed (USD)': '0.80', 'Estimated (USD)': '0.40', Notes: 'Rain machine.' });
    expect(csvRecord({ ...shot, seconds: 4 })[CSV_COLUMNS.indexOf('Duration (s)')]).toBe('4');
    expect(csvRecord({ ...shot, seconds: 1.04 })[CSV_COLUMNS.indexOf('Duration (s)')]).toBe('1.04');
  });
});
