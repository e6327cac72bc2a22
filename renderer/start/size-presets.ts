/** Frame sizes and frame rates offered when creating a project (any even size is valid in main). */
import type { SizeString } from '../../shared/domain';

export interface SizePreset {
  size: SizeString;
  label: string;
}

export const SIZE_PRESETS: readonly SizePreset[] = [
  { size: '1280x720', label: '1280 × 720 (16:9 HD)' },
  { size: '1920x1080', label: '1920 × 1080 (16:9 Full HD)' },
  { size: '720x1280', label: '720 × 1280 (9:16 vertical)' },
  { size: '1080x1920', label: '1080 × 1920 (9:16 vertical Full HD)' },
  { size: '1080x1080', label: '1080 × 1080 (1:1 square)' },
];

/** Rates offered first; any whole number 1-120 is valid in main too. */
export { OFFERED_FRAME_RATES as FPS_PRESETS } from '../../shared/frame-rate';
