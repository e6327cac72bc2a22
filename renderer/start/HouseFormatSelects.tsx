/** Frame size and frame rate pickers for a house format (new project form, Settings). */
import { ffmpegRate, frameRateLabel, parseFrameRate, type FrameRate } from '../../shared/frame-rate';

export function HouseFormatSelects(props: {
  sizeLabel: string;
  sizes: readonly { size: string; label: string }[];
  size: string;
  onSize: (size: string) => void;
  rates: readonly FrameRate[];
  fps: FrameRate;
  onFps: (fps: FrameRate) => void;
  /** Prefix of the pickers' test ids: `<prefix>-size`, `<prefix>-fps`. */
  testId: string;
}) {
  return (
    <>
      <label>
        {props.sizeLabel}
        <select data-testid={`${props.testId}-size`} value={props.size} onChange={(e) => props.onSize(e.target.value)}>
          {props.sizes.map((p) => (
            <option key={p.size} value={p.size}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Frame rate
        {/* Option values are exact fractions (`24000/1001`), labels how people say them (23.976). */}
        <select
          data-testid={`${props.testId}-fps`}
          value={ffmpegRate(props.fps)}
          onChange={(e) => {
            const rate = parseFrameRate(e.target.value);
            if (rate) props.onFps(rate);
          }}
        >
          {props.rates.map((r) => (
            <option key={ffmpegRate(r)} value={ffmpegRate(r)}>
              {frameRateLabel(r)} fps
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
