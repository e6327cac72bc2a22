/** A pick list from the film vocabulary (shared/film-vocabulary.ts), with "—" for none. */
import type { VocabularyItem } from '../../shared/film-vocabulary';

export function VocabularySelect(props: {
  label: string;
  testId: string;
  items: readonly VocabularyItem[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">—</option>
        {props.items.map((item) => (
          <option key={item.id} value={item.id} title={item.meaning}>
            {item.label}
          </option>
        ))}
      </select>
    </label>
  );
}
