/**
 * Release-time only: the macOS arm64 and x64 installers are built on two runners, and each
 * writes its own `latest-mac.yml` (the update feed electron-updater reads). Uploading both
 * would let the second overwrite the first, and one architecture would never update. This
 * merges them into one feed listing every file; electron-updater picks the file for the Mac it
 * runs on (names containing "arm64" for Apple silicon, the others for Intel).
 *
 *   npx tsx main/build/merge-update-feeds.ts OUT.yml IN1.yml IN2.yml ...
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

/** One file entry of an electron-updater feed. */
export interface FeedFile {
  url: string;
  sha512: string;
  size?: number;
  blockMapSize?: number;
}

/** The parts of a `latest*.yml` feed this merge reads and writes. */
export interface UpdateFeed {
  version: string;
  files: FeedFile[];
  path?: string;
  sha512?: string;
  releaseDate?: string;
  [key: string]: unknown;
}

function asFeed(value: unknown, name: string): UpdateFeed {
  const feed = value as Partial<UpdateFeed> | null;
  if (!feed || typeof feed.version !== 'string' || !Array.isArray(feed.files) || feed.files.some((f) => typeof f?.url !== 'string' || typeof f?.sha512 !== 'string')) {
    throw new Error(`${name} is not an electron-updater feed (needs version and files[].url/sha512). Pass the latest-mac.yml files electron-builder wrote.`);
  }
  return feed as UpdateFeed;
}

/** Merges feeds of the same version; the first feed's top-level `path`/`sha512` stay (older updaters read them). */
export function mergeFeeds(feeds: Array<{ name: string; text: string }>): UpdateFeed {
  if (feeds.length === 0) throw new Error('No feeds to merge. Pass at least one latest-mac.yml.');
  const parsed = feeds.map((f) => asFeed(parse(f.text), f.name));
  const versions = new Set(parsed.map((f) => f.version));
  if (versions.size > 1) throw new Error(`The feeds are for different versions (${[...versions].join(', ')}); build every architecture from the same tag.`);
  const files = new Map<string, FeedFile>();
  for (const feed of parsed) {
    for (const file of feed.files) {
      const seen = files.get(file.url);
      if (seen && seen.sha512 !== file.sha512) throw new Error(`${file.url} appears twice with different checksums; the runners built different files under one name.`);
      files.set(file.url, file);
    }
  }
  const dates = parsed.map((f) => f.releaseDate).filter((d): d is string => typeof d === 'string').sort();
  return { ...parsed[0]!, files: [...files.values()], ...(dates.length ? { releaseDate: dates[dates.length - 1] } : {}) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out, ...inputs] = process.argv.slice(2);
  try {
    if (!out || inputs.length === 0) throw new Error('Usage: merge-update-feeds.ts OUT.yml IN1.yml [IN2.yml ...]');
    const merged = mergeFeeds(inputs.map((name) => ({ name, text: fs.readFileSync(name, 'utf8') })));
    const temp = `${out}.partial`;
    fs.writeFileSync(temp, stringify(merged, { lineWidth: 0 }));
    fs.renameSync(temp, out);
    process.stdout.write(`Merged ${inputs.length} feeds for ${merged.version}: ${merged.files.map((f) => f.url).join(', ')}\n`);
  } catch (error) {
    process.stderr.write(`merge-update-feeds: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
