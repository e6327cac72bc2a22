/**
 * A cut for the interchange writer tests, and readers written from the formats' documents (not
 * from the writers): an XML tree from fast-xml-parser (order kept, for DTD-order checks),
 * `xmllint --noout`, and the expected picture of the cut frame by frame, computed from the
 * shots directly (shot i plays frames inFrame.. of its take from the sum of the lengths before
 * it less the dissolves before it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FrameRate } from '../../shared/frame-rate';
import type { Cut, CutShot } from '../../shared/interchange/cut';

export const RATES: Array<{ label: string; rate: FrameRate }> = [
  { label: '24', rate: { num: 24, den: 1 } },
  { label: '25', rate: { num: 25, den: 1 } },
  { label: '23.976', rate: { num: 24000, den: 1001 } },
  { label: '29.97', rate: { num: 30000, den: 1001 } },
];

export const A = 'media/001_Harbour_take1.mp4';
export const B = 'media/002_Gulls_take2.mp4';
export const C = 'media/005_The-beam_take1.mp4';

/**
 * Five shots, lengths scaled to the rate's nominal fps `f`: a dissolve of f/2 frames, a trimmed
 * shot with a dip, the first take used again, black, and a last shot without sound.
 */
export function sampleCut(rate: FrameRate): Cut {
  const f = Math.round(rate.num / rate.den);
  const shot = (label: string, media: string | null, takeFrames: number, inFrame: number, outFrame: number, transition: CutShot['transition'], hasAudio = true): CutShot => ({
    label,
    title: media === null ? 'Not made yet' : `Shot ${label} "quoted" & <odd>`,
    prompt: `Prompt of ${label}: wide & slow <push-in>\nsecond line`,
    media,
    hasAudio: media !== null && hasAudio,
    takeFrames,
    inFrame,
    outFrame,
    transition,
  });
  return {
    title: 'Lighthouse & Co',
    rate,
    width: 320,
    height: 180,
    audio: { sampleRate: 48000, channels: 2 },
    shots: [
      shot('1', A, 3 * f, 0, 2 * f, { kind: 'dissolve', frames: Math.floor(f / 2) }),
      shot('2', B, 3 * f, f / 2 >= 1 ? Math.floor(f / 4) : 0, 2 * f, { kind: 'dip', frames: 10 }),
      shot('3', A, 3 * f, f, 3 * f, { kind: 'cut', frames: 0 }),
      shot('4', null, f, 0, f, { kind: 'cut', frames: 0 }),
      shot('5', C, 2 * f, 0, 2 * f, { kind: 'dissolve', frames: 6 }, false),
    ],
    audioLanes: [],
  };
}

/** The cut's frames: for each record frame, the shots showing (media and source frame). */
export function expectedPicture(cut: Cut): Array<Array<{ media: string | null; frame: number }>> {
  const frames: Array<Array<{ media: string | null; frame: number }>> = [];
  let at = 0;
  cut.shots.forEach((s, i) => {
    const prev = cut.shots[i - 1];
    // The test cut never asks for a dissolve longer than either shot, so nothing is clamped.
    const overlap = prev?.transition.kind === 'dissolve' ? prev.transition.frames : 0;
    at -= overlap;
    for (let k = 0; k < s.outFrame - s.inFrame; k++) (frames[at + k] ??= []).push({ media: s.media, frame: s.inFrame + k });
    at += s.outFrame - s.inFrame;
  });
  return frames;
}

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

/** The document's root element, order kept. */
export function parseXml(xml: string): XNode {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: true });
  const convert = (node: Record<string, unknown>): XNode | null => {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || name.startsWith('?') || name === '#text') return null;
    const raw = (node[name] as Array<Record<string, unknown>>) ?? [];
    const children = raw.map(convert).filter((c): c is XNode => c !== null);
    const text = raw.filter((c) => '#text' in c).map((c) => String(c['#text'])).join('');
    return { name, attrs: (node[':@'] as Record<string, string>) ?? {}, children, text };
  };
  const nodes = (parser.parse(xml) as Array<Record<string, unknown>>).map(convert).filter((n): n is XNode => n !== null);
  if (nodes.length !== 1) throw new Error(`expected one root element, found ${nodes.length}`);
  return nodes[0]!;
}

/** Child elements named `name`. */
export const kids = (node: XNode, name: string) => node.children.filter((c) => c.name === name);
/** The one child named `name` (throws when missing). */
export function kid(node: XNode, name: string): XNode {
  const found = kids(node, name);
  if (found.length !== 1) throw new Error(`<${node.name}> has ${found.length} <${name}>`);
  return found[0]!;
}
/** All descendants named `name`, in document order. */
export function all(node: XNode, name: string): XNode[] {
  return node.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}

/** `xmllint --noout` on the text; returns its complaints ('' when well-formed). */
export function xmllint(xml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xmllint-'));
  const file = path.join(dir, 'doc.xml');
  fs.writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
