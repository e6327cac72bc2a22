/** Frame size and frame rate pickers for a house format (new project form, Settings). */
export function HouseFormatSelects(props: {
  sizeLabel: string;
  sizes: readonly { size: string; label: string }[];
  size: string;
  onSize: (size: string) => void;
  rates: readonly number[];
  fps: number;
  onFps: (fps: number) => void;
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
        <select data-testid={`${props.testId}-fps`} value={props.fps} onChange={(e) => props.onFps(Number(e.target.value))}>
          {props.rates.map((f) => (
            <option key={f} value={f}>
              {f} fps
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
