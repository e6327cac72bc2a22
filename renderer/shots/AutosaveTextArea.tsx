/** A labelled text area bound to an autosaved field (saved on pause and on blur). */
import type { ReactNode } from 'react';
import { MAX_TEXT } from '../../shared/contract/limits';
import type { AutosaveField } from './use-autosave-text';

export function AutosaveTextArea(props: { label: ReactNode; testId: string; field: AutosaveField; placeholder: string; rows?: number }) {
  const { field } = props;
  return (
    <label>
      {props.label}
      <textarea
        data-testid={props.testId}
        rows={props.rows ?? 2}
        value={field.draft}
        maxLength={MAX_TEXT}
        placeholder={props.placeholder}
        onChange={(e) => field.change(e.target.value)}
        onBlur={field.flush}
      />
    </label>
  );
}
